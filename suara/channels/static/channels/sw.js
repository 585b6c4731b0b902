// The service worker of Suara's announcement notifications (served at /kanal/sw.js, scope /kanal/).
// A push carries {title, body, url, tag} as JSON (suara/channels/pushrules.py); it is shown as a
// notification, and a click opens its link (an http(s) address only).
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : "" };
  }
  var title = typeof data.title === "string" && data.title ? data.title : "Pengumuman pemilu";
  var options = {
    body: typeof data.body === "string" ? data.body : "",
    tag: typeof data.tag === "string" ? data.tag : undefined,
    data: { url: typeof data.url === "string" ? data.url : "" },
    lang: "id",
  };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "";
  if (!/^https?:\/\//.test(url)) return;
  event.waitUntil(self.clients.openWindow(url));
});
