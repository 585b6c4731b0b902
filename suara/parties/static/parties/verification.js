/* The verifier's entry on a phone in the field, where the network comes and goes. Each attempt or decision
 * form (form[data-queue-entry]) is not posted directly: the entry goes into a queue kept in localStorage,
 * with its idempotency key and the time it was made, and the queue is sent (POST JSON to the form's
 * data-send-url) now if online, else when the browser is back online or the page is opened again. An
 * entry leaves the queue when the server answered it: recorded, already recorded (a resend: the key
 * makes it harmless) or refused (the refusal is shown). A network failure or a 5xx keeps it for later.
 * Without JavaScript the forms post normally.
 */
(function () {
  "use strict";

  var STORE = "suara.verifikasi.antrean";
  var status = document.querySelector("[data-queue-status]");
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-queue-entry]"));
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { window.localStorage.setItem(STORE, JSON.stringify(queue)); }

  function show(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle("is-error", !!isError);
  }
  function showPending(queue) {
    show(queue.length ? queue.length + " entri menunggu dikirim" + (navigator.onLine ? "…" : " (luring)") : "");
  }

  function newKey(prefix) {
    var random = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID().replace(/-/g, "")
      : String(Date.now()) + String(Math.random()).slice(2);
    return (prefix + random).slice(0, 64);
  }

  function csrf(scope) {
    var input = (scope || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send() {
    var queue = load();
    showPending(queue);
    if (sending || !queue.length || !navigator.onLine) return;
    sending = true;
    var entry = queue[0];
    fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() || entry.csrf },
      body: JSON.stringify(entry.body)
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      var rest = load().filter(function (e) { return e.body.key !== entry.body.key; });
      save(rest);
      sending = false;
      if (!result.ok) {
        show("Ditolak: " + (result.answer.message || result.answer.code), true);
        return;
      }
      if (rest.length) { send(); } else { window.location.reload(); }
    }).catch(function () {
      sending = false;  // offline or the server failed: kept; sent again when back online
      showPending(load());
    });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {};
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken") body[name] = value;
      });
      body.attempted_at = new Date().toISOString();  // when it was done, not when it reached the server
      var queue = load();
      queue.push({ url: form.getAttribute("data-send-url"), csrf: csrf(form), body: body });
      save(queue);
      // The next entry made from this form is another entry: it gets its own key.
      form.querySelector("input[name=key]").value = newKey(body.kind.charAt(0));
      send();
    });
  });

  window.addEventListener("online", send);
  window.addEventListener("offline", function () { showPending(load()); });
  send();
})();
