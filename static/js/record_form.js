// A staff form the server rejected: focus the error summary at its top (role=alert), so a
// screen reader reads it and a phone shows it, and let each of its links focus its field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-error-link]");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    if (target.hidden || target.type === "hidden") {
      target = target.closest("fieldset") || target.parentElement;
    }
    target.scrollIntoView({ block: "center" });
    if (typeof target.focus === "function") target.focus();
  });
})();
