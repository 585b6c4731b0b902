/* The KPPS field app (/petugas/aplikasi/): the page the service worker keeps. It draws everything from
 * what the device holds (IndexedDB, outbox.js): the officer's TPS, contests and candidates as the server
 * last sent them, and the tallies queued on the device with their state. With a network it refreshes
 * those, obtains the device's API token once, and sends the queue (outbox.js): at once, when the
 * connection returns (the online event), at each scheduled retry, by Background Sync, and with the
 * "Kirim sekarang" button.
 *
 * The form is checked with rules.js, the browser twin of the server's tally rules, as in the web form
 * (entry.js). Photos are made small here: drawn on a canvas at most 1600 px on the long side, as JPEG
 * at falling quality until the page fits 300 KB, then hashed (SHA-256), which names them to the server.
 * Words come from the page the server drew (#app-texts, #rule-texts, #field-labels), as in entry.js.
 */
(function () {
  "use strict";

  var Outbox = window.SuaraOutbox;
  var rules = window.SuaraRules;
  if (!Outbox || !rules) return;

  function data(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }
  var T = data("app-texts");
  var URLS = data("app-urls");
  var LABELS = data("field-labels");
  var ruleTexts = data("rule-texts");
  Object.keys(ruleTexts).forEach(function (code) { if (code in rules.RULES) rules.RULES[code] = ruleTexts[code]; });

  // A page aims at 100 KB (three pages in a minute over a 50 kbit/s uplink) and never passes 300 KB; it
  // shrinks from 1600 px on the long side, not below 1280 px (handwritten figures stay legible), before
  // its quality goes under 0.5.
  var PHOTO = {
    longSide: 1600, minSide: 1280, target: 100 * 1024, budget: 300 * 1024,
    qualities: [0.7, 0.6, 0.5], lastResort: [0.45, 0.4], maxPages: 10
  };
  var STATE_TEXT = { menunggu: T.waiting, mengirim: T.sending, terkirim: T.sent, ditolak: T.refused };
  var VOTER_GROUPS = rules.VOTER_GROUPS;
  var BALLOTS = ["ballots.received", "ballots.used", "ballots.unused", "ballots.damaged"];

  var $ = function (id) { return document.getElementById(id); };
  var boot = null;   // what the server last sent for the signed-in KPPS
  var token = null;  // this device's API token
  var current = null; // the (contest, TPS) being entered
  var photos = [];   // its photos: {blob, thumb}
  var timer = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function notice(text) {
    var n = $("notice");
    n.textContent = text || "";
    n.hidden = !text;
  }

  function showNet() {
    var net = $("net");
    net.textContent = navigator.onLine ? T.online : T.offline;
    net.className = "net " + (navigator.onLine ? "net--on" : "net--off");
  }

  function tpsName(item) {
    return "TPS " + ("00" + item.tps_number).slice(-3);
  }

  function contestName(item) {
    var en = document.documentElement.lang.indexOf("en") === 0;
    return (en && item.contest_name_en) || item.contest_name;
  }

  // --- the lists ------------------------------------------------------------------------------------

  function render() {
    return Outbox.entries().then(function (queued) {
      renderOutbox(queued);
      renderEntries(queued);
      schedule();
    });
  }

  function renderOutbox(queued) {
    var list = $("outbox");
    clear(list);
    $("outbox-section").hidden = queued.length === 0;
    queued.slice().reverse().forEach(function (e) {
      var li = el("li", { "class": "outbox__item state-" + e.state, "data-id": e.submission_id });
      var head = el("div", { "class": "row" });
      head.appendChild(el("strong", {}, e.label));
      head.appendChild(el("span", { "class": "badge badge--" + e.state, "data-state": e.state }, STATE_TEXT[e.state]));
      li.appendChild(head);
      if (e.state === "menunggu" && (e.attempts || e.needs_token)) {
        var when = e.needs_token ? T.sign_in_again
          : T.next_try + " " + new Date(e.next_at).toLocaleTimeString() + " (" + e.attempts + " " + T.attempts + ")";
        li.appendChild(el("p", { "class": "small muted", "data-next": "" }, when));
      }
      if (e.errors && e.errors.length && e.state !== "terkirim") {
        var errs = el("ul", { "class": "errors", "data-errors": "" });
        e.errors.forEach(function (x) {
          var item = el("li");
          if (x.code) item.appendChild(el("strong", {}, x.code + " "));
          item.appendChild(document.createTextNode(x.message || T.error));
          errs.appendChild(item);
        });
        li.appendChild(errs);
      }
      if (e.state === "terkirim" && e.answer) {
        if (e.answer.number) li.appendChild(el("p", { "data-version": "" }, T.version + " " + e.answer.number + "."));
        if (e.answer.receipt) {
          var rc = el("p", { "class": "receipt" }, T.receipt + ": ");
          rc.appendChild(el("code", { "data-receipt": "" }, e.answer.receipt.code));
          li.appendChild(rc);
          if (e.qr) li.appendChild(el("img", { src: e.qr, alt: T.receipt + " " + e.answer.receipt.code, "class": "qr", "data-qr": "" }));
        }
        if (e.photos_left || e.answer.photos_pending) li.appendChild(el("p", { "class": "small muted" }, T.photos_pending));
        (e.photo_errors || []).forEach(function (p) {
          p.errors.forEach(function (x) {
            li.appendChild(el("p", { "class": "errors", "data-photo-error": "" }, T.photo_page + " " + p.page + ": " + x.message));
          });
        });
      }
      list.appendChild(li);
    });
  }

  function liveFor(queued, item) {
    var mine = queued.filter(function (e) { return e.contest === item.contest && e.tps === item.tps; });
    return mine.length ? mine[mine.length - 1] : null;
  }

  function renderEntries(queued) {
    var list = $("entries");
    clear(list);
    if (!boot) { $("entries-section").hidden = true; return; }
    $("entries-section").hidden = false;
    $("who").textContent = boot.user;
    if (!boot.entries.length) list.appendChild(el("li", {}, T.no_entries));
    boot.entries.forEach(function (item, index) {
      var li = el("li", { "class": "entries__item" });
      var text = el("div");
      text.appendChild(el("strong", {}, tpsName(item)));
      text.appendChild(el("span", { "class": "small" }, " · " + contestName(item)));
      text.appendChild(el("div", { "class": "small muted" }, (item.desa ? item.desa + " · " : "") + item.tps));
      li.appendChild(text);
      var live = liveFor(queued, item);
      if (live && live.state !== "ditolak") {
        li.appendChild(el("span", { "class": "badge badge--" + live.state }, STATE_TEXT[live.state]));
      } else if (item.sent_version && !live) {
        li.appendChild(el("span", { "class": "badge badge--terkirim" }, T.sent + " · v" + item.sent_version));
      } else {
        var open = el("button", { type: "button", "class": "button button--small", "data-open": String(index) },
          live ? T.refused + ": " + (T.fill_again || "isi lagi") : (T.fill || "Isi"));
        open.addEventListener("click", function () { openForm(item, live); });
        li.appendChild(open);
      }
      list.appendChild(li);
    });
  }

  // --- the form -------------------------------------------------------------------------------------

  function numberInput(name, label) {
    var wrap = el("label", { "class": "field" });
    wrap.appendChild(el("span", {}, label));
    var input = el("input", { name: name, "data-field": name, inputmode: "numeric", autocomplete: "off", pattern: "[0-9]*" });
    wrap.appendChild(input);
    return wrap;
  }

  function fieldset(title, nodes) {
    var fs = el("fieldset", { "class": "group" });
    fs.appendChild(el("legend", {}, title));
    nodes.forEach(function (n) { fs.appendChild(n); });
    return fs;
  }

  function openForm(item, refused) {
    current = item;
    photos = [];
    var fields = $("fields");
    clear(fields);
    $("form-title").textContent = tpsName(item) + " · " + contestName(item);
    fields.appendChild(fieldset(LABELS.votes, item.candidates.map(function (c) {
      return numberInput("votes." + c.number, c.number + ". " + c.name);
    })));
    fields.appendChild(fieldset(LABELS.totals, ["valid", "invalid", "total"].map(function (n) {
      return numberInput(n, LABELS.fields[n]);
    })));
    var voters = [];
    VOTER_GROUPS.forEach(function (g) {
      ["l", "p", "j"].forEach(function (p) {
        voters.push(numberInput(g + "." + p, LABELS.groups[g] + ": " + LABELS.parts[p]));
      });
    });
    fields.appendChild(fieldset(LABELS.voters, voters));
    fields.appendChild(fieldset(LABELS.ballots, BALLOTS.map(function (n) { return numberInput(n, LABELS.fields[n]); })));
    if (refused && refused.payload) {
      var flat = flatten(refused.payload);
      Object.keys(flat).forEach(function (k) {
        var input = fields.querySelector('input[name="' + k + '"]');
        if (input) input.value = String(flat[k]);
      });
    }
    renderPhotos();
    $("form-section").hidden = false;
    $("entries-section").hidden = true;
    check();
    var first = fields.querySelector("input");
    if (first) first.focus();
  }

  function closeForm() {
    current = null;
    photos = [];
    $("form-section").hidden = true;
    render();
  }

  function tally() {
    var values = {};
    Array.prototype.forEach.call($("fields").querySelectorAll("input[data-field]"), function (input) {
      var v = rules.parse(input.value);
      if (v !== undefined) values[input.getAttribute("data-field")] = v;
    });
    return values;
  }

  function flatten(payload) {
    var flat = {};
    Object.keys(payload.votes || {}).forEach(function (n) { flat["votes." + n] = payload.votes[n]; });
    ["valid", "invalid", "total"].forEach(function (n) { if (n in payload) flat[n] = payload[n]; });
    Object.keys(payload.voters || {}).forEach(function (g) {
      Object.keys(payload.voters[g]).forEach(function (p) { flat[g + "." + p] = payload.voters[g][p]; });
    });
    Object.keys(payload.ballots || {}).forEach(function (b) { flat["ballots." + b] = payload.ballots[b]; });
    return flat;
  }

  function nest(flat) {
    var out = { votes: {}, voters: {}, ballots: {} };
    Object.keys(flat).forEach(function (key) {
      var head = key.split(".")[0], tail = key.split(".")[1];
      if (head === "votes") out.votes[tail] = flat[key];
      else if (head === "ballots") out.ballots[tail] = flat[key];
      else if (tail) { out.voters[head] = out.voters[head] || {}; out.voters[head][tail] = flat[key]; }
      else out[key] = flat[key];
    });
    return out;
  }

  function check() {
    if (!current) return [];
    var breaches = rules.check(tally(), current.candidates.map(function (c) { return c.number; }), current.tps_max);
    var bad = {};
    breaches.forEach(function (b) { b.fields.forEach(function (f) { bad[f] = true; }); });
    Array.prototype.forEach.call($("fields").querySelectorAll("input[data-field]"), function (input) {
      if (bad[input.name]) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    var list = $("rule-summary").querySelector("[data-rule-list]");
    clear(list);
    breaches.forEach(function (b) {
      var li = el("li");
      li.appendChild(el("strong", {}, b.code + " "));
      li.appendChild(document.createTextNode(b.message));
      list.appendChild(li);
    });
    $("rule-summary").hidden = breaches.length === 0;
    return breaches;
  }

  // --- photos ---------------------------------------------------------------------------------------

  function toBlob(canvas, quality) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); });
  }

  /* A form page as JPEG within the budget: the long side at most 1600 px, the quality stepped down, then
   * the size if even the lowest quality is too big. */
  function compress(file) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var long = Math.max(bitmap.width, bitmap.height);
      var sides = [PHOTO.longSide, Math.round((PHOTO.longSide + PHOTO.minSide) / 2), PHOTO.minSide]
        .filter(function (side, i, all) { return side < long || i === all.length - 1; })
        .map(function (side) { return Math.min(side, long); });
      var smallest = null;
      function draw(side) {
        var scale = side / long;
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return canvas;
      }
      function trySide(index) {
        var canvas = draw(sides[index]);
        var last = index === sides.length - 1;
        var qualities = PHOTO.qualities.concat(last ? PHOTO.lastResort : []);
        function next() {
          var q = qualities.shift();
          return toBlob(canvas, q).then(function (blob) {
            var got = { blob: blob, canvas: canvas };
            if (blob && blob.size <= PHOTO.target) return got;
            if (blob && blob.size <= PHOTO.budget && (!smallest || blob.size < smallest.blob.size)) smallest = got;
            if (qualities.length) return next();
            if (!last) return trySide(index + 1);
            if (smallest) return smallest; // over the aim, within the budget
            throw new Error("photo too large");
          });
        }
        return next();
      }
      return trySide(0);
    }).then(function (done) {
      var thumb = document.createElement("canvas");
      var k = 96 / Math.max(done.canvas.width, done.canvas.height);
      thumb.width = Math.round(done.canvas.width * k);
      thumb.height = Math.round(done.canvas.height * k);
      thumb.getContext("2d").drawImage(done.canvas, 0, 0, thumb.width, thumb.height);
      return { blob: done.blob, thumb: thumb.toDataURL("image/jpeg", 0.6) };
    });
  }

  function renderPhotos() {
    var list = $("photo-list");
    clear(list);
    photos.forEach(function (p, i) {
      var li = el("li", { "data-photo": String(i) });
      li.appendChild(el("img", { src: p.thumb, alt: T.photo_page + " " + (i + 1), width: "64" }));
      li.appendChild(el("span", { "class": "small" }, " " + T.photo_page + " " + (i + 1) + " · " + Math.round(p.blob.size / 1024) + " KB "));
      var remove = el("button", { type: "button", "class": "button button--quiet button--small" }, "\u00d7");
      remove.addEventListener("click", function () { photos.splice(i, 1); renderPhotos(); });
      li.appendChild(remove);
      list.appendChild(li);
    });
  }

  function addPhotos(files) {
    var list = Array.prototype.slice.call(files, 0, PHOTO.maxPages - photos.length);
    return list.reduce(function (chain, file) {
      return chain.then(function () {
        return compress(file).then(function (p) { photos.push(p); }, function () { notice(T.photo_failed); });
      });
    }, Promise.resolve()).then(renderPhotos);
  }

  // --- sending --------------------------------------------------------------------------------------

  function save(event) {
    event.preventDefault();
    if (!current) return;
    if (check().length) { $("rule-summary").focus(); return; }
    if (!photos.length) { notice(T.photo_needed); return; }
    var item = current;
    var blobs = photos.map(function (p) { return p.blob; });
    Outbox.enqueue({
      contest: item.contest, tps: item.tps, label: tpsName(item) + " · " + contestName(item), payload: nest(tally())
    }, blobs).then(function () {
      notice(T.queued);
      closeForm();
      syncLater();
      return send(true);
    });
  }

  function send(force) {
    return Outbox.flush(force).then(render, render);
  }

  function syncLater() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register("suara-kirim");
      return null;
    }).catch(function () { /* no Background Sync: the timer and the online event still send */ });
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    Outbox.nextDue().then(function (due) {
      if (due === null) return;
      timer = setTimeout(function () { timer = null; send(false); }, Math.max(0, due - Date.now()) + 50);
    });
  }

  // --- the server: what the officer enters, and the device's token ---------------------------------

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function deviceLabel() {
    return Outbox.kvGet("device_label").then(function (label) {
      if (label) return label;
      var bytes = new Uint8Array(3);
      crypto.getRandomValues(bytes);
      label = "Aplikasi KPPS " + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      return Outbox.kvSet("device_label", label).then(function () { return label; });
    });
  }

  function obtainToken(user) {
    return deviceLabel().then(function (label) {
      return fetch(URLS.device, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
        body: "label=" + encodeURIComponent(label)
      });
    }).then(function (r) {
      if (r.status !== 201) return null;
      return r.json().then(function (body) {
        token = { token: body.token, id: body.id, user: user };
        return Outbox.kvSet("token", token);
      });
    });
  }

  function refresh() {
    return fetch(URLS.data, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.status === 401) {
        // The session ended; the device token may still send. Signing in again is needed for a new one.
        return Outbox.kvGet("token").then(function (kept) {
          token = kept || null;
          $("signin").hidden = !!(token && boot);
        });
      }
      if (r.status === 403) { notice(T.not_kpps); return null; }
      if (!r.ok) return null;
      return r.json().then(function (body) {
        boot = body;
        $("signin").hidden = true;
        return Outbox.kvSet("bootstrap", body).then(function () {
          return Outbox.kvGet("token"); // the sender drops a token the server refused (401)
        }).then(function (kept) {
          token = kept || null;
          if (!token || token.user !== body.user) return obtainToken(body.user);
          return null;
        });
      });
    }, function () { return null; }).then(function () {
      return render().then(function () { return send(true); });
    });
  }

  function start() {
    showNet();
    window.addEventListener("online", function () { showNet(); refresh(); });
    window.addEventListener("offline", showNet);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) send(false); });
    $("send-now").addEventListener("click", function () { send(true); });
    $("cancel").addEventListener("click", closeForm);
    $("tally-form").addEventListener("submit", save);
    $("tally-form").addEventListener("input", function (e) { if (e.target.hasAttribute("data-field")) check(); });
    $("photo-input").addEventListener("change", function (e) { addPhotos(e.target.files).then(function () { e.target.value = ""; }); });
    if (Outbox.channel) Outbox.channel.onmessage = function () { render(); };
    Outbox.onChange(function () { render(); });
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(URLS.sw, { scope: URLS.scope }).catch(function () { /* the page still works online */ });
      navigator.serviceWorker.addEventListener("message", function (e) {
        if (e.data && e.data.type === "flush") send(true);
      });
    }
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    Promise.all([Outbox.kvGet("bootstrap"), Outbox.kvGet("token")]).then(function (kept) {
      boot = kept[0] || null;
      token = kept[1] || null;
      if (!boot && !navigator.onLine) $("signin").hidden = false;
      return render();
    }).then(refresh);
  }

  window.SuaraApp = { send: send, render: render, photo: PHOTO };
  start();
})();
