/* The field app's service worker, served at /petugas/aplikasi/sw.js behind one line that sets
 * self.SUARA_APP: {version, shell (the addresses the app opens with), outbox (the sender's script), data
 * (what the server keeps for the signed-in KPPS)}. Hand-written, no library.
 *
 * - install: keeps the shell in a cache named by its version; activate: drops the older ones.
 * - the shell is answered from the cache (the app opens with no network; a later open costs only the
 *   browser's check of this script); data.json from the network, the cache when there is none;
 *   everything else (the API above all) is left to the network, so a send is seen as the page's own.
 * - Background Sync ("suara-kirim"): an open page sends itself (told to); with none open, this worker
 *   sends the queue with the same sender (outbox.js), under the same lock.
 */
/* global SuaraOutbox */
"use strict";

var APP = self.SUARA_APP;
importScripts(APP.outbox);
var CACHE = "suara-kpps-" + APP.version;
var SHELL = APP.shell.map(function (path) { return new URL(path, self.location).href; });

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(SHELL);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("suara-kpps-") === 0 && n !== CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === APP.data) {
    event.respondWith(fetch(req).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }, function () {
      return caches.match(url.pathname).then(function (hit) {
        return hit || new Response('{"code":"offline"}', { status: 503, headers: { "Content-Type": "application/json" } });
      });
    }));
    return;
  }
  var key = req.mode === "navigate" ? url.origin + url.pathname : url.href;
  if (SHELL.indexOf(key) < 0) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      return hit || fetch(req).then(function (response) {
        if (response.ok) cache.put(key, response.clone());
        return response;
      });
    });
  }));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "suara-kirim") return;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (pages) {
    if (pages.length) {
      pages.forEach(function (page) { page.postMessage({ type: "flush" }); });
      return null;
    }
    return SuaraOutbox.flush(true);
  }));
});
