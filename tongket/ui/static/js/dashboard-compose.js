// Arranging a composed dashboard by dragging its tiles: the new order is sent as JSON to the
// dashboard's order URL (with the page's CSRF token). The move buttons do the same without
// script. No inline script (the CSP forbids it).
(function () {
  "use strict";
  var dragged = null;

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (error) { return ""; }
  }

  function save(board) {
    var order = Array.prototype.map.call(board.querySelectorAll("[data-item]"), function (el) {
      return Number(el.getAttribute("data-item"));
    });
    board.setAttribute("data-saving", "1");
    fetch(board.getAttribute("data-order-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(order)
    }).then(function (response) {
      board.removeAttribute("data-saving");
      board.setAttribute("data-saved", response.ok ? "1" : "0");
      if (!response.ok) { window.location.reload(); }
    }).catch(function () { window.location.reload(); });
  }

  document.addEventListener("dragstart", function (event) {
    var tile = event.target.closest && event.target.closest("[data-dashboard-tiles] [data-item]");
    if (!tile) { return; }
    dragged = tile;
    tile.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", tile.getAttribute("data-item"));
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var over = event.target.closest && event.target.closest("[data-dashboard-tiles] [data-item]");
    if (!over || over === dragged) { return; }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2 || event.clientX > box.left + box.width / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
  });
  document.addEventListener("drop", function (event) {
    if (dragged) { event.preventDefault(); }
  });
  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    var board = dragged.closest("[data-dashboard-tiles]");
    dragged.classList.remove("opacity-50");
    dragged = null;
    if (board && board.getAttribute("data-order-url")) { save(board); }
    window.dispatchEvent(new Event("resize"));
  });
})();
