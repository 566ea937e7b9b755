// The activity form: a physical work's status follows its progress reports, so the status
// field is hidden while such a type is chosen (its options carry data-physical="true").
(function () {
  "use strict";
  var type = document.getElementById("id_activity_type");
  var status = document.getElementById("div_id_status");
  var field = document.getElementById("id_status");
  if (!type || !status || !field || field.disabled) {
    return;
  }
  function sync() {
    var option = type.selectedOptions[0];
    status.hidden = Boolean(option && option.dataset.physical === "true");
  }
  type.addEventListener("change", sync);
  sync();
})();
