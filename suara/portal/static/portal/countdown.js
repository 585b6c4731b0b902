// Ticks the hours, minutes and seconds left until voting day. The page already says how many days are
// left (rendered by the server); this only adds detail, and stays hidden when this device's clock
// disagrees with the server about today's date, rather than showing a contradictory count.
(function () {
  "use strict";
  var ticker = document.querySelector(".countdown-ticker[data-target]");
  if (!ticker) return;
  var target = Date.parse(ticker.getAttribute("data-target"));
  var serverToday = ticker.getAttribute("data-today");
  var WIB_OFFSET_MS = 7 * 3600 * 1000;
  if (isNaN(target)) return;

  function jakartaDate(ms) {
    return new Date(ms + WIB_OFFSET_MS).toISOString().slice(0, 10);
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function part(name, value) {
    var el = ticker.querySelector('[data-part="' + name + '"]');
    if (el) el.textContent = value;
  }

  function tick() {
    var now = Date.now();
    var left = target - now;
    if (left <= 0 || jakartaDate(now) !== serverToday) {
      ticker.hidden = true;
      return false;
    }
    var seconds = Math.floor(left / 1000);
    part("days", String(Math.floor(seconds / 86400)));
    part("hours", pad(Math.floor((seconds % 86400) / 3600)));
    part("minutes", pad(Math.floor((seconds % 3600) / 60)));
    part("seconds", pad(seconds % 60));
    ticker.hidden = false;
    return true;
  }

  if (tick()) {
    var timer = window.setInterval(function () {
      if (!tick()) window.clearInterval(timer);
    }, 1000);
  }
})();
