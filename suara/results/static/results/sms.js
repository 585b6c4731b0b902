// The print buttons of the KPPS's SMS pages (no inline scripts under the CSP).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
