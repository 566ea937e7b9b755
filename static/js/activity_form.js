// The activity form: a physical work's status follows its progress reports, so the status
// field is hidden while such a type is chosen (its options carry data-physical="true").
// A funding line names a DPR RI member and electoral district only when its source is the
// aspiration fund (data-aspiration="true"): those fields show only then, and are emptied
// when hidden. Without this script they stay visible with their help text, and the server
// refuses them on other sources.
(function () {
  "use strict";
  var type = document.getElementById("id_activity_type");
  var status = document.getElementById("div_id_status");
  var field = document.getElementById("id_status");
  if (type && status && field && !field.disabled) {
    var syncStatus = function () {
      var option = type.selectedOptions[0];
      status.hidden = Boolean(option && option.dataset.physical === "true");
    };
    type.addEventListener("change", syncStatus);
    syncStatus();
  }

  function memberFields(row) {
    return Array.prototype.slice.call(row.querySelectorAll("[data-aspiration-only]"));
  }

  function wrapper(input) {
    return document.getElementById("div_" + input.id) || input.parentElement;
  }

  // On load a line keeps fields that already hold something (the server's message about
  // them must stay readable); on a change of source they are emptied as they hide.
  function syncRow(select, clear) {
    var row = select.closest("[data-formset-row]");
    if (!row) return;
    var option = select.selectedOptions[0];
    var aspiration = Boolean(option && option.dataset.aspiration === "true");
    memberFields(row).forEach(function (input) {
      var hide = !aspiration && (clear || !input.value);
      if (hide && clear) input.value = "";
      wrapper(input).hidden = hide;
    });
  }

  document.querySelectorAll("select[data-funding-source]").forEach(function (select) {
    syncRow(select, false);
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-funding-source]");
    if (select) syncRow(select, true);
  });
  // A funding line added by formset.js starts without a source: its member fields hide.
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-formset-add]")) return;
    window.setTimeout(function () {
      document.querySelectorAll("select[data-funding-source]").forEach(function (select) {
        syncRow(select, false);
      });
    }, 0);
  });
})();
