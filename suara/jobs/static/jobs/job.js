// The job page's progress bar: polls the job's status URL and moves the bar; reloads the page when the
// job ends, so the result (or the refusal) shows. A static file: the site's CSP allows no inline script.
(function () {
  "use strict";
  var box = document.getElementById("job");
  var url = box && box.getAttribute("data-status-url");
  if (!url) return;
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var state = document.getElementById("job-status");
  var message = document.getElementById("job-message");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { setTimeout(poll, 3000); return; }
        bar.value = job.progress;
        bar.textContent = job.progress + "%";
        percent.textContent = job.progress + "%";
        state.textContent = job.label;
        if (message) message.textContent = job.message;
        if (job.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
