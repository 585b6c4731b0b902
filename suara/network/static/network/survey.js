// The survey page: fills in what the browser measures before the form is sent — the effective connection
// type (Network Information API, where the browser has it), the round trip of a small probe to the server,
// and the location only when the officer ticks the box and the browser's permission is given.
(function () {
  "use strict";
  var form = document.querySelector("form.network-survey");
  if (!form) return;
  var shown = form.querySelector(".network-measured");
  var connection = navigator.connection || navigator.mozConnection || navigator.webkitConnection;
  function say() {
    var parts = [];
    if (form.jenis_koneksi.value) parts.push(form.jenis_koneksi.value);
    if (form.uji_ms.value) parts.push(form.uji_ms.value + " ms");
    if (form.lintang.value) parts.push("lokasi");
    shown.textContent = parts.join(" · ");
  }
  if (connection && connection.effectiveType) form.jenis_koneksi.value = connection.effectiveType;
  function probe() {
    var started = performance.now();
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 120000);
    return fetch(form.dataset.probe + "?t=" + Date.now(), { cache: "no-store", signal: controller && controller.signal })
      .then(function (r) { return r.text(); })
      .then(function () { form.uji_ms.value = String(Math.round(performance.now() - started)); })
      .catch(function () { form.uji_ms.value = ""; })
      .then(function () { clearTimeout(timer); say(); });
  }
  probe();
  var allow = form.querySelector('input[name="izin_lokasi"]');
  allow.addEventListener("change", function () {
    if (!allow.checked) { form.lintang.value = ""; form.bujur.value = ""; say(); return; }
    if (!navigator.geolocation) { allow.checked = false; return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      form.lintang.value = p.coords.latitude.toFixed(5);
      form.bujur.value = p.coords.longitude.toFixed(5);
      say();
    }, function () { allow.checked = false; form.lintang.value = ""; form.bujur.value = ""; say(); },
    { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });
})();
