// A page whose work runs in the background (an export job, an import batch): while the
// element with data-job-status-url says it is busy, asks its state every two seconds and
// moves the progress bar and the status label, then reloads the page, which shows the
// result. The element names them: data-busy (states still at work, space-separated),
// data-bar and data-label (ids of the <progress> and of the label's element).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  var busy = box.dataset.busy.split(" ");
  if (busy.indexOf(box.dataset.status) === -1) return;
  var bar = document.getElementById(box.dataset.bar);
  var label = document.getElementById(box.dataset.label);

  function ask() {
    fetch(box.dataset.jobStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return setTimeout(ask, 5000);
        bar.value = state.progress;
        bar.textContent = state.progress + "%";
        label.textContent = state.label;
        if (busy.indexOf(state.status) !== -1) return setTimeout(ask, 2000);
        // Done, failed or expired: the page drawn afresh says which.
        window.location.reload();
      })
      .catch(function () { setTimeout(ask, 5000); });
  }
  setTimeout(ask, 1000);
})();
