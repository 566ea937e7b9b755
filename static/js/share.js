// The "copy link" button of the share links (templates/includes/share_links.html): shown
// only where the browser can write to the clipboard; says so once the link is copied.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    const status = button.parentElement.querySelector("[data-copy-status]");
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async function () {
      try {
        await navigator.clipboard.writeText(button.dataset.copyLink);
      } catch (error) {
        return; // refused (no permission): the address bar still has the link
      }
      button.textContent = button.dataset.copied;
      if (status) status.textContent = button.dataset.copied;
      setTimeout(function () {
        button.textContent = label;
      }, 2500);
    });
  });
})();
