// Counts down to a breach's 3 x 24 hour deadline (suara/sharing, the breach page): the page renders the hours
// and minutes left; this ticks them with seconds, and shows the overdue line once the deadline passes.
(function () {
  "use strict";
  var clock = document.querySelector(".sharing-countdown[data-deadline]");
  if (!clock) return;
  var deadline = Date.parse(clock.getAttribute("data-deadline"));
  if (isNaN(deadline)) return;
  var overdue = document.querySelector("[data-overdue-text]");

  function part(name) {
    return clock.querySelector('[data-part="' + name + '"]');
  }

  function tick() {
    var left = Math.floor((deadline - Date.now()) / 1000);
    if (left <= 0) {
      clock.hidden = true;
      if (overdue) overdue.hidden = false;
      return false;
    }
    part("hours").textContent = String(Math.floor(left / 3600));
    part("minutes").textContent = String(Math.floor((left % 3600) / 60));
    part("seconds").textContent = String(left % 60);
    part("seconds-wrap").hidden = false;
    return true;
  }

  if (tick()) {
    var timer = window.setInterval(function () {
      if (!tick()) window.clearInterval(timer);
    }, 1000);
  }
})();
