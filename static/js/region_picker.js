// The workspace's dependent region selects (forums/staff/regions.py) load their options
// with htmx. Going back to "Pilih" at one level asks for nothing (the region lookups refuse
// an empty code): it empties every select below it instead, down to the village.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    const select = event.detail.elt;
    if (!(select instanceof HTMLSelectElement) || select.value !== "") return;
    event.preventDefault();
    let below = document.querySelector(select.dataset.hxTarget || "");
    while (below instanceof HTMLSelectElement) {
      while (below.options.length > 1) below.remove(1);
      below.value = "";
      below = document.querySelector(below.dataset.hxTarget || "");
    }
  });
})();
