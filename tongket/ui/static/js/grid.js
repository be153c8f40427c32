// Keyboard navigation in editable grids (targets, report values): Enter and the arrow keys
// move between inputs marked data-grid-input; saving happens on change (htmx).
(function () {
  "use strict";
  function inputs() { return Array.prototype.slice.call(document.querySelectorAll("[data-grid-input]")); }
  function position(input) {
    var cell = input.closest("td"); var row = cell.parentElement;
    return { row: Array.prototype.indexOf.call(row.parentElement.children, row), col: Array.prototype.indexOf.call(row.children, cell) };
  }
  function find(row, col) {
    return inputs().filter(function (i) { var p = position(i); return p.row === row && p.col === col; })[0];
  }
  function focus(target) { if (target) { target.focus(); target.select(); } }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-grid-input]")) { return; }
    var p = position(input);
    var key = event.key;
    if (key === "Enter" || key === "ArrowDown") {
      event.preventDefault();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      var below = find(p.row + 1, p.col);
      if (below) { focus(below); } else if (key === "Enter") { input.blur(); }
    } else if (key === "ArrowUp") {
      event.preventDefault();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      focus(find(p.row - 1, p.col));
    } else if (key === "ArrowRight" && input.selectionStart === input.value.length) {
      focus(find(p.row, p.col + 1));
    } else if (key === "ArrowLeft" && input.selectionStart === 0) {
      focus(find(p.row, p.col - 1));
    }
  });
  // After a cell is replaced, keep the focus where the user went.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("[data-navigate]")) { window.location = select.value; }
  });
})();
