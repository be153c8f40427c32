// Behaviour without inline scripts or style attributes (the CSP forbids both).
(function () {
  "use strict";
  // Widths of progress bars come as data-width (per cent) and are set here.
  function applyWidths(root) {
    (root || document).querySelectorAll("[data-width]").forEach(function (el) {
      var value = parseFloat(el.getAttribute("data-width"));
      el.style.width = (isNaN(value) ? 0 : Math.max(0, Math.min(100, value))) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
  document.addEventListener("htmx:afterSwap", function (event) { applyWidths(event.target); });
  document.addEventListener("htmx:afterSettle", function (event) { applyWidths(event.target); });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]")) { el.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-toggle-sidebar]");
    if (toggle) { document.getElementById("sidebar").classList.toggle("open"); return; }
    var node = event.target.closest && event.target.closest("[data-tree-toggle]");
    if (node) {
      var li = node.closest("li");
      var list = li.querySelector(":scope > ul");
      var open = node.getAttribute("aria-expanded") === "true";
      if (open) {
        node.setAttribute("aria-expanded", "false");
        if (list) { list.hidden = true; }
      } else {
        node.setAttribute("aria-expanded", "true");
        if (list) { list.hidden = false; }
        else if (window.htmx) {
          window.htmx.ajax("GET", node.dataset.url, { target: li, swap: "beforeend" });
        }
      }
    }
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); return; }
    var confirmEl = event.target.closest && event.target.closest("[data-confirm]");
    if (confirmEl && !window.confirm(confirmEl.dataset.confirm)) { event.preventDefault(); }
  });

  // Signing out: the report pages kept for offline entry are forgotten on this device, and
  // so are the rows still waiting for the connection (they were this person's).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelector || !form.querySelector("[data-testid=logout]")) { return; }
    var waiting = 0;
    try { waiting = Object.keys(JSON.parse(window.localStorage.getItem("tongket-entry-queue") || "{}")).length; } catch (e) { waiting = 0; }
    if (waiting > 0) {
      var english = (document.documentElement.lang || "vi").indexOf("en") === 0;
      var question = english ?
        waiting + " row(s) of figures typed without a connection have not been sent. Signing out discards them. Sign out anyway?" :
        "Còn " + waiting + " dòng số liệu nhập khi mất kết nối chưa được gửi. Đăng xuất sẽ bỏ các dòng này. Vẫn đăng xuất?";
      if (!window.confirm(question)) { event.preventDefault(); return; }
    }
    try { window.localStorage.removeItem("tongket-entry-queue"); } catch (e) { /* none */ }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget");
    }
  });
})();
