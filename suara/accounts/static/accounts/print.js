// The codes page's print button: shown only where scripts run (without them, the browser's own menu prints).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
