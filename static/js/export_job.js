// The export job page (templates/reports/export_job.html): asks the job's state every two
// seconds and moves the progress bar until the file is ready, then shows its link.
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) return;
  var waiting = { queued: true, running: true };
  if (!waiting[box.dataset.status]) return;
  var bar = document.getElementById("export-progress");
  var label = document.getElementById("export-status");

  function ask() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return setTimeout(ask, 5000);
        bar.value = state.progress;
        bar.textContent = state.progress + "%";
        label.textContent = state.label;
        if (waiting[state.status]) return setTimeout(ask, 2000);
        // Done, failed or expired: the page drawn afresh says which, with the link.
        window.location.reload();
      })
      .catch(function () { setTimeout(ask, 5000); });
  }
  setTimeout(ask, 1000);
})();
