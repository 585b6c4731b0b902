/* The field app's store and sender, shared by the page (app.js) and the service worker (sw.js, for
 * Background Sync when no page is open). No library: IndexedDB through a few promises.
 *
 * Database "suara-kpps": "kv" (the device token, what the server sent for the signed-in KPPS, the
 * device's label), "outbox" (one tally each, keyed by its submission_id, made once when the KPPS saves
 * it) and "photos" (the compressed JPEG of each page, keyed by its SHA-256).
 *
 * An entry's state: "menunggu" (waiting: queued, or a try failed and the next is scheduled), "mengirim"
 * (sending), "terkirim" (sent: the server stored it; its receipt), "ditolak" (refused: the server named
 * the rule). flush() sends what waits, one sender at a time across every tab and the service worker
 * (Web Locks), each entry re-read inside the lock; the server counts a submission_id once whatever
 * reaches it twice. A failed try waits min(cap, base * 2^attempts) times a random factor in [0.5, 1.5).
 *
 * Photos: content-addressed, resumable upload (PUT /api/v1/photos/<sha256> in 256 KiB chunks, resumed
 * from what GET says the server holds), the tally naming them by hash; where the server has no such
 * endpoint (404), the photos go inside the tally as base64, as the API has always taken them.
 */
(function (root) {
  "use strict";

  var DB_NAME = "suara-kpps";
  var CHUNK = 256 * 1024;
  var config = { base: 2000, cap: 5 * 60 * 1000, api: "/api/v1" };
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("suara-outbox") : null;
  var dbPromise = null;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = function () {
          var d = open.result;
          d.createObjectStore("kv");
          d.createObjectStore("outbox", { keyPath: "submission_id" });
          d.createObjectStore("photos", { keyPath: "hash" });
        };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }

  function tx(stores, mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(stores, mode);
        var result;
        Promise.resolve(work(t)).then(function (r) { result = r; }, reject);
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  function kvGet(key) {
    return tx(["kv"], "readonly", function (t) { return request(t.objectStore("kv").get(key)); });
  }

  function kvSet(key, value) {
    return tx(["kv"], "readwrite", function (t) { t.objectStore("kv").put(value, key); });
  }

  function entries() {
    return tx(["outbox"], "readonly", function (t) { return request(t.objectStore("outbox").getAll()); })
      .then(function (all) {
        return all.sort(function (a, b) { return a.created_at - b.created_at; });
      });
  }

  function entryGet(id) {
    return tx(["outbox"], "readonly", function (t) { return request(t.objectStore("outbox").get(id)); });
  }

  function entryPut(entry) {
    return tx(["outbox"], "readwrite", function (t) { t.objectStore("outbox").put(entry); })
      .then(function () { announce(entry); return entry; });
  }

  function photoGet(hash) {
    return tx(["photos"], "readonly", function (t) { return request(t.objectStore("photos").get(hash)); });
  }

  function announce(entry) {
    if (channel) channel.postMessage({ type: "entry", id: entry.submission_id });
    listeners.forEach(function (fn) { try { fn(entry); } catch (e) { /* a listener's own trouble */ } });
  }

  var listeners = [];

  function newSubmissionId() {
    var bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    return base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function base64(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function sha256(blob) {
    return blob.arrayBuffer().then(function (buf) { return crypto.subtle.digest("SHA-256", buf); }).then(hex);
  }

  /* Queues a tally with its photos (Blobs of JPEG), all in one IndexedDB transaction. */
  function enqueue(item, photos) {
    return Promise.all(photos.map(function (blob) {
      return sha256(blob).then(function (hash) { return { hash: hash, blob: blob, size: blob.size }; });
    })).then(function (rows) {
      var entry = {
        submission_id: newSubmissionId(),
        contest: item.contest,
        tps: item.tps,
        label: item.label || "",
        payload: item.payload,
        photo_hashes: rows.map(function (r) { return r.hash; }),
        photo_bytes: rows.reduce(function (n, r) { return n + r.size; }, 0),
        state: "menunggu",
        attempts: 0,
        next_at: 0,
        created_at: Date.now(),
        errors: [],
        answer: null,
        photos_left: false,
        qr: null
      };
      return tx(["outbox", "photos"], "readwrite", function (t) {
        rows.forEach(function (r) { t.objectStore("photos").put(r); });
        t.objectStore("outbox").put(entry);
      }).then(function () { announce(entry); return entry; });
    });
  }

  function later(entry, retryAfterSeconds, message) {
    entry.attempts += 1;
    var wait = Math.min(config.cap, config.base * Math.pow(2, Math.min(entry.attempts - 1, 20)));
    wait = wait * (0.5 + Math.random());
    if (retryAfterSeconds) wait = Math.max(wait, retryAfterSeconds * 1000);
    entry.state = "menunggu";
    entry.next_at = Date.now() + wait;
    entry.errors = message ? [{ code: "", message: message }] : [];
    return entryPut(entry);
  }

  function auth(token) {
    return { Authorization: "Bearer " + token.token };
  }

  function readJson(response) {
    return response.text().then(function (text) {
      try { return JSON.parse(text); } catch (e) { return {}; }
    });
  }

  /* The photo upload: true when the server holds every photo whole; "absent" when it has no endpoint. */
  function uploadPhoto(hash, token) {
    var url = config.api + "/photos/" + hash;
    return fetch(url, { headers: auth(token), cache: "no-store" }).then(function (r) {
      if (r.status === 404) return "absent";
      if (!r.ok) throw new HttpError(r.status);
      return r.json().then(function (state) {
        if (state.complete) return true;
        return photoGet(hash).then(function (row) {
          if (!row) return true; // nothing left on the device to send
          return sendChunks(url, row.blob, state.received || 0, token);
        });
      });
    });
  }

  /* Chunks from ``from`` to the end. A 409 (the server holds another length: a chunk lost on the way, or
   * sent twice) resumes from where the server says it is, asked again with GET; at most a few times. */
  function sendChunks(url, blob, from, token, resumes) {
    resumes = resumes || 0;
    if (from >= blob.size) return Promise.resolve(true);
    var end = Math.min(blob.size, from + CHUNK);
    var headers = auth(token);
    headers["Content-Type"] = "application/octet-stream";
    headers["Content-Range"] = "bytes " + from + "-" + (end - 1) + "/" + blob.size;
    return fetch(url, { method: "PUT", headers: headers, body: blob.slice(from, end) }).then(function (r) {
      return readJson(r).then(function (body) {
        if (r.status === 409 && resumes < 5) {
          return fetch(url, { headers: auth(token), cache: "no-store" }).then(function (again) {
            if (!again.ok) throw new HttpError(again.status);
            return again.json().then(function (state) {
              if (state.complete) return true;
              return sendChunks(url, blob, state.received || 0, token, resumes + 1);
            });
          });
        }
        if (!r.ok) throw new HttpError(r.status, body);
        if (body.complete) return true;
        return sendChunks(url, blob, typeof body.received === "number" ? body.received : end, token, resumes);
      });
    });
  }

  function HttpError(status, body, retryAfter) {
    this.status = status;
    this.body = body || {};
    this.retryAfter = retryAfter || 0;
  }

  function refusal(body) {
    if (body.code === "rules_broken" && body.details && body.details.length) {
      return body.details.map(function (d) { return { code: d.code || "", message: d.message || "" }; });
    }
    return [{ code: body.code || "", message: body.message || "" }];
  }

  function postTally(entry, token, inline) {
    var body = JSON.parse(JSON.stringify(entry.payload));
    body.submission_id = entry.submission_id;
    body.contest = entry.contest;
    body.tps = entry.tps;
    var photos = inline
      ? Promise.all(entry.photo_hashes.map(function (hash) {
        return photoGet(hash).then(function (row) {
          return row.blob.arrayBuffer().then(function (buf) {
            return { content_base64: base64(new Uint8Array(buf)) };
          });
        });
      })).then(function (list) { body.photos = list; })
      : Promise.resolve((body.photo_hashes = entry.photo_hashes));
    return photos.then(function () {
      var headers = auth(token);
      headers["Content-Type"] = "application/json";
      return fetch(config.api + "/results", { method: "POST", headers: headers, body: JSON.stringify(body) });
    });
  }

  function sendOne(entry, token) {
    entry.state = "mengirim";
    return entryPut(entry).then(function () {
      var first = entry.photo_hashes[0];
      // Does the server take photos apart from the tally? One small GET asks.
      return first
        ? fetch(config.api + "/photos/" + first, { headers: auth(token), cache: "no-store" })
        : Promise.resolve({ status: 404 });
    }).then(function (probe) {
      if (probe.status >= 500) throw new HttpError(probe.status);
      var inline = probe.status === 404;
      return postTally(entry, token, inline).then(function (r) {
        return readJson(r).then(function (body) {
          if (r.status === 200 || r.status === 201) {
            entry.state = "terkirim";
            entry.answer = {
              id: body.id, number: body.number, created: body.created,
              receipt: body.receipt || null, photos_pending: !!body.photos_pending
            };
            entry.errors = [];
            entry.photos_left = !inline;
            entry.sent_at = Date.now();
            return entryPut(entry);
          }
          if (r.status === 401) {
            entry.state = "menunggu";
            entry.next_at = Number.MAX_SAFE_INTEGER;
            entry.errors = [{ code: "unauthenticated", message: body.message || "" }];
            entry.needs_token = true;
            return kvSet("token", null).then(function () { return entryPut(entry); });
          }
          if (r.status >= 500 || r.status === 429 || r.status === 408) {
            throw new HttpError(r.status, body, parseInt(r.headers.get("Retry-After") || "0", 10));
          }
          entry.state = "ditolak";
          entry.errors = refusal(body);
          return entryPut(entry);
        });
      });
    });
  }

  /* Every photo of a stored tally, whole on the server. A photo the server refuses for good (its hash, its
   * size, not an image) is named on the entry and not sent again; anything else is tried at the next flush. */
  function finishPhotos(entry, token) {
    entry.photo_errors = [];
    return entry.photo_hashes.reduce(function (chain, hash, index) {
      return chain.then(function () {
        return uploadPhoto(hash, token).catch(function (err) {
          var s = err instanceof HttpError ? err.status : 0;
          if (s >= 400 && s < 500 && s !== 401 && s !== 408 && s !== 429) {
            entry.photo_errors.push({ page: index + 1, errors: refusal(err.body) });
            return null;
          }
          throw err;
        });
      });
    }, Promise.resolve()).then(function () {
      entry.photos_left = false;
      if (entry.answer) entry.answer.photos_pending = false;
      return entryPut(entry);
    });
  }

  function fetchQr(entry) {
    return fetch(entry.answer.receipt.qr_svg_url).then(function (r) {
      if (!r.ok) return null;
      return r.text().then(function (svg) {
        entry.qr = "data:image/svg+xml;base64," + base64(new TextEncoder().encode(svg));
        return entryPut(entry);
      });
    });
  }

  function cleanup(entry) {
    if (entry.state !== "terkirim" || entry.photos_left || entry.photos_cleared) return Promise.resolve();
    entry.photos_cleared = true;
    return tx(["outbox", "photos"], "readwrite", function (t) {
      entry.photo_hashes.forEach(function (h) { t.objectStore("photos").delete(h); });
      t.objectStore("outbox").put(entry);
    });
  }

  /* The next step of one entry: send it, finish its photos, fetch its receipt's QR; null when none. */
  function step(entry, token, force) {
    if (entry.state === "menunggu" || entry.state === "mengirim") {
      if (!force && entry.next_at > Date.now()) return null;
      entry.needs_token = false;
      return sendOne(entry, token);
    }
    if (entry.state !== "terkirim") return null;
    if (entry.photos_left) return finishPhotos(entry, token);
    var receipt = entry.answer && entry.answer.receipt;
    if (receipt && receipt.qr_svg_url && !entry.qr && !entry.qr_tried) {
      entry.qr_tried = true;
      return fetchQr(entry);
    }
    return null;
  }

  function advance(id, token, force, steps) {
    // Re-read inside the lock: another tab may have sent it a moment ago.
    return entryGet(id).then(function (entry) {
      if (!entry || steps > 4) return null;
      var next = step(entry, token, force);
      if (!next) return cleanup(entry);
      return next.then(function () {
        return advance(id, token, false, steps + 1);
      }, function (err) {
        var status = err instanceof HttpError ? err.status : 0;
        var retry = err instanceof HttpError ? err.retryAfter : 0;
        if (entry.state === "terkirim") return entryPut(entry); // photos or the QR: the next flush
        return later(entry, retry, status ? "HTTP " + status : "");
      });
    });
  }

  function work(force) {
    return kvGet("token").then(function (token) {
      if (!token) return null;
      return entries().then(function (all) {
        return all.reduce(function (chain, listed) {
          return chain.then(function () { return advance(listed.submission_id, token, force, 0); });
        }, Promise.resolve());
      });
    });
  }

  var running = null;

  /* Sends what waits (force: also what waits for its next try). One sender at a time on this device. */
  function flush(force) {
    if (running) return running.then(function () { return force ? flush(force) : null; });
    var run = navigator.locks
      ? navigator.locks.request("suara-outbox-send", function () { return work(force); })
      : work(force);
    running = run.then(function () { running = null; }, function (e) { running = null; throw e; });
    return running;
  }

  /* The earliest time an entry waits for (ms since the epoch), or null. */
  function nextDue() {
    return entries().then(function (all) {
      var due = all
        .filter(function (e) { return (e.state === "menunggu" && !e.needs_token) || (e.state === "terkirim" && e.photos_left); })
        .map(function (e) { return e.state === "terkirim" ? Date.now() + config.base : e.next_at; });
      return due.length ? Math.min.apply(null, due) : null;
    });
  }

  root.SuaraOutbox = {
    config: config,
    channel: channel,
    kvGet: kvGet,
    kvSet: kvSet,
    entries: entries,
    enqueue: enqueue,
    flush: flush,
    nextDue: nextDue,
    sha256: sha256,
    onChange: function (fn) { listeners.push(fn); }
  };
})(self);
