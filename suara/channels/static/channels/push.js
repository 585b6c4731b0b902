// Subscribes this browser to a region's announcement notifications (Web Push). A form marked
// data-push-subscribe (templates/channels/includes/push_form.html) names the addresses: the API's key,
// subscribe and unsubscribe, and the service worker with its scope. Nothing loads from elsewhere.
(function () {
  "use strict";

  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4);
    var raw = atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function setUp(form) {
    var status = form.querySelector(".push-status");
    function say(name) { status.textContent = status.getAttribute("data-text-" + name) || ""; }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      form.hidden = false;
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      say("unsupported");
      return;
    }
    form.hidden = false;
    var registration = navigator.serviceWorker.register(form.getAttribute("data-sw-url"), {
      scope: form.getAttribute("data-sw-scope"),
    });

    function vapidKey() {
      var known = form.getAttribute("data-vapid-key");
      if (known) return Promise.resolve(known);
      return fetch(form.getAttribute("data-key-url"), { credentials: "omit" })
        .then(function (r) { return r.json(); })
        .then(function (body) { return body.kunci_publik; });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var region = form.querySelector("[name=wilayah]").value;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { say("denied"); return null; }
        return Promise.all([registration, vapidKey()]).then(function (both) {
          var reg = both[0];
          return reg.pushManager.getSubscription().then(function (existing) {
            return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(both[1]) });
          });
        }).then(function (subscription) {
          return post(form.getAttribute("data-subscribe-url"), { langganan: subscription.toJSON(), wilayah: region });
        }).then(function () { say("on"); });
      }).catch(function () { say("failed"); });
    });

    form.querySelector("[data-action=unsubscribe]").addEventListener("click", function () {
      registration.then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (subscription) {
        if (!subscription) { say("off"); return null; }
        return post(form.getAttribute("data-unsubscribe-url"), { endpoint: subscription.endpoint })
          .then(function () { return subscription.unsubscribe(); })
          .then(function () { say("off"); });
      }).catch(function () { say("failed"); });
    });
  }

  document.querySelectorAll("[data-push-subscribe]").forEach(setUp);
})();
