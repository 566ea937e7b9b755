// The import batch page (templates/staff/imports/batch.html) while a big file is checked
// or imported in the background: asks the batch's state every two seconds and moves the
// progress bar, then reloads the page, which shows the result.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box) return;
  var bar = document.getElementById("import-progress");
  var label = document.getElementById("batch-status");
  var busy = { checking: true, committing: true };

  function ask() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return setTimeout(ask, 5000);
        bar.value = state.progress;
        bar.textContent = state.progress + "%";
        label.textContent = state.label;
        if (busy[state.status]) return setTimeout(ask, 2000);
        window.location.reload();
      })
      .catch(function () { setTimeout(ask, 5000); });
  }
  setTimeout(ask, 1000);
})();
