// The province and regency filters of a public list (forum directory, funding figures):
// choosing a province fills the regency list at once from the open-data API's region
// lookup, instead of after the form is sent. Without this script the form still works:
// the list then follows the province when the page comes back.
(function () {
  "use strict";

  function fill(select, rows, emptyLabel) {
    select.replaceChildren(new Option(emptyLabel, ""));
    for (const row of rows) {
      select.add(new Option(row.name, row.code));
    }
  }

  function clearNarrower(form, names) {
    // A district, village or forum chosen from a link belongs to the old region.
    for (const name of names) {
      const field = form.querySelector(`input[type="hidden"][name="${name}"]`);
      if (field) field.value = "";
    }
  }

  function connect(form) {
    const province = form.querySelector('select[name="province"]');
    const regency = form.querySelector('select[name="regency"]');
    if (!province || !regency) return;
    const url = form.dataset.regenciesUrl;
    const emptyLabel = regency.options.length ? regency.options[0].textContent : "";
    const hint = document.getElementById(`${regency.id}_helptext`);
    let asked = 0;

    province.addEventListener("change", async function () {
      const wanted = ++asked;
      clearNarrower(form, ["district", "village", "forum"]);
      fill(regency, [], emptyLabel);
      regency.disabled = !province.value;
      if (!province.value) return;
      regency.setAttribute("aria-busy", "true");
      try {
        const query = new URLSearchParams({ province: province.value, page_size: "100" });
        const response = await fetch(`${url}?${query}`, { headers: { Accept: "application/json" } });
        if (!response.ok || wanted !== asked) return;
        const data = await response.json();
        if (wanted !== asked) return;
        fill(regency, data.results || [], emptyLabel);
        if (hint) hint.hidden = true;
      } catch (error) {
        // Offline or refused: the form still sends the province, and the page that comes
        // back lists its regencies.
      } finally {
        if (wanted === asked) regency.removeAttribute("aria-busy");
      }
    });
    regency.addEventListener("change", function () {
      clearNarrower(form, ["district", "village", "forum"]);
    });
  }

  document.querySelectorAll("form[data-regencies-url]").forEach(connect);
})();
