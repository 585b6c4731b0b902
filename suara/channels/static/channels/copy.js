// Copies a read-only text (an item's WhatsApp or Telegram text) to the clipboard: a button names its
// textarea in data-copy, and the status beside it says what happened. Without the Clipboard API (an
// insecure origin, an old browser) the text is selected for the officer to copy by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!area) return;
      function said(text) { if (status) status.textContent = text; }
      function byHand() {
        area.focus();
        area.select();
        said(document.documentElement.lang === "en" ? "Selected: press Ctrl+C to copy." : "Terpilih: tekan Ctrl+C untuk menyalin.");
      }
      if (!navigator.clipboard || !window.isSecureContext) { byHand(); return; }
      navigator.clipboard.writeText(area.value).then(function () {
        said(document.documentElement.lang === "en" ? "Copied." : "Tersalin.");
      }, byHand);
    });
  });
})();
