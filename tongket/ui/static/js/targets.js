// The target grid: moving between cells with the keyboard. A cell saves itself (htmx) on
// "change", which the browser fires when the focus leaves an edited input; so every move
// below is a focus change and Enter needs no submit of its own.
//   Enter / Shift+Enter: the cell below / above      Tab / Shift+Tab: next / previous cell
//   Arrow up / down: the cell below / above          Arrow left / right at the text's edge
//   Esc: undo the typing in this cell                Alt+H: its history   Alt+S: split it
(function () {
  "use strict";

  function cellOf(input) { return input.closest("td"); }
  function position(cell) {
    var row = cell.parentElement;
    return {
      row: Array.prototype.indexOf.call(row.parentElement.children, row),
      col: Array.prototype.indexOf.call(row.children, cell),
      body: row.parentElement
    };
  }
  function inputAt(body, row, col) {
    var tr = body.children[row];
    var td = tr && tr.children[col];
    return td ? td.querySelector("[data-target-input]") : null;
  }
  // The nearest editable cell in a direction (rows of units one cannot edit are skipped).
  function step(input, dRow, dCol) {
    var p = position(cellOf(input));
    var row = p.row + dRow, col = p.col + dCol;
    while (row >= 0 && row < p.body.children.length && col > 0 && col < p.body.children[row].children.length) {
      var found = inputAt(p.body, row, col);
      if (found) { return found; }
      row += dRow; col += dCol;
      if (!dRow && !dCol) { break; }
    }
    return null;
  }
  function go(target) {
    if (!target) { return false; }
    target.focus();
    target.select();
    target.closest("td").scrollIntoView({ block: "nearest", inline: "nearest" });
    return true;
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-target-input]")) { return; }
    var key = event.key;
    if (event.altKey && (key === "h" || key === "H" || key === "s" || key === "S")) {
      var tool = cellOf(input).querySelector(key.toLowerCase() === "h" ? "[data-history]" : "[data-split]");
      if (tool) { event.preventDefault(); tool.click(); }
      return;
    }
    if (key === "Enter") {
      event.preventDefault();
      if (!go(step(input, event.shiftKey ? -1 : 1, 0))) { input.blur(); }
    } else if (key === "ArrowDown") {
      event.preventDefault();
      go(step(input, 1, 0));
    } else if (key === "ArrowUp") {
      event.preventDefault();
      go(step(input, -1, 0));
    } else if (key === "ArrowRight" && input.selectionStart === input.value.length && input.selectionEnd === input.value.length) {
      if (go(step(input, 0, 1))) { event.preventDefault(); }
    } else if (key === "ArrowLeft" && input.selectionStart === 0 && input.selectionEnd === 0) {
      if (go(step(input, 0, -1))) { event.preventDefault(); }
    } else if (key === "Escape") {
      input.value = input.getAttribute("data-original") || "";
      input.select();
    }
  });

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-target-input]")) {
      input.closest("tr").classList.add("row-focus");
      window.setTimeout(function () { if (document.activeElement === input) { input.select(); } }, 0);
    }
  });
  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-target-input]")) {
      input.closest("tr").classList.remove("row-focus");
    }
  });
  // A saving cell shows that it is saving.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var cell = event.target.closest && event.target.closest("td.target-cell");
    if (cell) { cell.classList.add("cell-saving"); }
  });
})();
