// "Add a member" (and other rows) for Django inline formsets: clones the empty form kept in a
// <template>, numbers it, and raises the management form's TOTAL_FORMS. Without JavaScript the
// formset still offers one blank row per save.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const formset = button.closest("[data-formset-prefix]");
  const prefix = formset.dataset.formsetPrefix;
  const total = formset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const index = Number(total.value);
  const html = formset.querySelector("template[data-formset-empty]").innerHTML;
  const rows = formset.querySelector("[data-formset-rows]");
  rows.insertAdjacentHTML("beforeend", html.replaceAll("__prefix__", String(index)));
  total.value = String(index + 1);
  const added = rows.lastElementChild.querySelector("input, select, textarea");
  if (added) added.focus();
});
