// Pasting a block of cells from Excel or LibreOffice into an entry grid (the report's values,
// the target grid): the clipboard's rows (newlines) and columns (tabs) fill the fields from the
// one focused, down and to the right, after a preview of what was read. Numbers are read in the
// Vietnamese (1.234,5) or English (1,234.5) convention like the server does (core.numbers);
// "1.234" reads both ways and the preview asks which was meant. Each filled field fires
// "change", so it saves itself as if typed; "Undo" puts the previous values back the same way.
// Texts come from #paste-texts (data attributes, translated by the page); no inline script.
(function () {
  "use strict";

  var GRIDS = [
    { grid: ".entry-grid", field: "[data-slot]" },
    { grid: ".target-grid", field: "[data-target-input]" }
  ];
  var AMBIGUOUS = /^-?[1-9][0-9]{0,2}[.,][0-9]{3}$/;
  var PLAIN = /^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;

  function texts() {
    var el = document.getElementById("paste-texts");
    var get = function (name, fallback) { return (el && el.getAttribute("data-" + name)) || fallback; };
    return {
      title: get("title", "Pasted cells"), apply: get("apply", "Fill"), cancel: get("cancel", "Cancel"),
      undo: get("undo", "Undo"), filled: get("filled", "{n} cells filled."), bad: get("bad", "not a number"),
      outside: get("outside", "{n} pasted cells fall outside the grid and are left out."),
      ambiguous: get("ambiguous", "“1.234” means"), thousands: get("thousands", "one thousand two hundred and thirty-four"),
      decimal: get("decimal", "one point two three four"), choice: get("choice", "not one of the choices"),
      field: get("field", "Field"), read: get("read", "Read as")
    };
  }

  function grouped(text, separator) {
    var parts = text.split(separator);
    if (!/^[0-9]{1,3}$/.test(parts[0])) { return false; }
    for (var i = 1; i < parts.length; i++) { if (!/^[0-9]{3}$/.test(parts[i])) { return false; } }
    return parts.length > 1;
  }

  // → { empty } | { ok, number: "1234.5" (dot, no grouping), ambiguous } | { ok: false }
  function readNumber(raw, ambiguousAs) {
    var text = String(raw).replace(/[\s\u00a0\u202f\u2009']/g, "");
    if (text.slice(-1) === "%") { text = text.slice(0, -1); }
    if (text === "") { return { empty: true }; }
    if (text[0] === "+") { text = text.slice(1); }
    var ambiguous = AMBIGUOUS.test(text);
    if (ambiguous) {
      text = ambiguousAs === "thousands" ? text.replace(/[.,]/, "") : text.replace(",", ".");
      return { ok: true, number: text, ambiguous: true };
    }
    var sign = text[0] === "-" ? "-" : "";
    var body = sign ? text.slice(1) : text;
    var hasDot = body.indexOf(".") >= 0, hasComma = body.indexOf(",") >= 0;
    if (hasDot && hasComma) {
      var mark = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
      var thousands = mark === "," ? "." : ",";
      var at = body.lastIndexOf(mark);
      var whole = body.slice(0, at);
      if (!grouped(whole, thousands)) { return { ok: false }; }
      body = whole.split(thousands).join("") + "." + body.slice(at + 1);
    } else if (hasDot || hasComma) {
      var only = hasComma ? "," : ".";
      if (body.split(only).length > 2) {
        if (!grouped(body, only)) { return { ok: false }; }
        body = body.split(only).join("");
      } else {
        body = body.replace(only, ".");
      }
    }
    text = sign + body;
    return PLAIN.test(text) ? { ok: true, number: text, ambiguous: false } : { ok: false };
  }

  // The number as typed back into the field: the page's decimal mark, no grouping; exactly
  // three decimals after 1–999 would read both ways, so a fourth (zero) is added.
  function typed(number) {
    var lang = document.documentElement.lang || "vi";
    var parts = number.split(".");
    var fraction = parts[1] || "";
    if (fraction.length === 3 && /^-?[1-9][0-9]{0,2}$/.test(parts[0])) { fraction += "0"; }
    var mark = lang.indexOf("en") === 0 ? "." : ",";
    return fraction ? parts[0] + mark + fraction : parts[0];
  }

  function matrix(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") { lines.pop(); }
    return lines.map(function (line) { return line.split("\t"); });
  }

  // The fields a block starting at `field` lands on: rows[i][j] → a field or null.
  function targets(kind, field, rows) {
    var grid = field.closest(kind.grid);
    var out = [];
    if (kind.grid === ".entry-grid") {
      var groups = Array.prototype.slice.call(grid.querySelectorAll("tbody.entry-group"));
      var group = field.closest("tbody.entry-group");
      var start = groups.indexOf(group);
      var startSlot = Array.prototype.slice.call(group.querySelectorAll(kind.field)).indexOf(field);
      rows.forEach(function (row, i) {
        var g = groups[start + i];
        var fields = g ? Array.prototype.slice.call(g.querySelectorAll(kind.field)) : [];
        out.push(row.map(function (_v, j) { return fields[startSlot + j] || null; }));
      });
    } else {
      var cell = field.closest("td");
      var tr = cell.parentElement;
      var body = tr.parentElement;
      var r0 = Array.prototype.indexOf.call(body.children, tr);
      var c0 = Array.prototype.indexOf.call(tr.children, cell);
      rows.forEach(function (row, i) {
        var line = body.children[r0 + i];
        out.push(row.map(function (_v, j) {
          var td = line && line.children[c0 + j];
          return td ? td.querySelector(kind.field) : null;
        }));
      });
    }
    return out;
  }

  function isNumberField(field) {
    return field.tagName === "INPUT" && field.getAttribute("inputmode") === "decimal";
  }

  function choiceValue(select, text) {
    var wanted = text.trim().toLowerCase();
    var found = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value && (option.value.toLowerCase() === wanted || option.text.trim().toLowerCase() === wanted)) {
        found = option.value;
      }
    });
    return found;
  }

  // Every pasted cell: its field, what it will hold, or why it cannot.
  function plan(kind, field, rows, ambiguousAs) {
    var fields = targets(kind, field, rows);
    var items = [];
    var outside = 0;
    var anyAmbiguous = false;
    rows.forEach(function (row, i) {
      row.forEach(function (raw, j) {
        var target = fields[i][j];
        if (!target) { if (String(raw).trim() !== "") { outside += 1; } return; }
        var item = { field: target, raw: raw, value: null, error: null };
        if (isNumberField(target)) {
          var read = readNumber(raw, ambiguousAs);
          if (read.empty) { item.value = ""; }
          else if (!read.ok) { item.error = "bad"; }
          else { item.value = typed(read.number); anyAmbiguous = anyAmbiguous || read.ambiguous; }
        } else if (target.tagName === "SELECT") {
          var value = String(raw).trim() === "" ? "" : choiceValue(target, raw);
          if (value === null) { item.error = "choice"; } else { item.value = value; }
        } else {
          item.value = String(raw).trim();
        }
        items.push(item);
      });
    });
    return { items: items, outside: outside, ambiguous: anyAmbiguous };
  }

  function label(field) {
    return field.getAttribute("aria-label") || field.name || "";
  }

  var panel = null;
  function close() { if (panel) { panel.remove(); panel = null; } }

  function button(text, classes, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + classes;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function fill(items) {
    var before = [];
    items.forEach(function (item) {
      if (item.error || item.value === null || item.field.value === item.value) { return; }
      before.push({ field: item.field, value: item.field.value });
      item.field.value = item.value;
      item.field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return before;
  }

  function showDone(grid, before, t) {
    close();
    panel = document.createElement("div");
    panel.className = "alert alert-success d-flex align-items-center gap-3 mt-2 paste-preview no-print";
    panel.setAttribute("role", "status");
    panel.setAttribute("data-testid", "paste-done");
    var text = document.createElement("span");
    text.textContent = t.filled.replace("{n}", before.length);
    panel.appendChild(text);
    if (before.length) {
      panel.appendChild(button(t.undo, "btn-outline-secondary", function () {
        before.forEach(function (old) {
          old.field.value = old.value;
          old.field.dispatchEvent(new Event("change", { bubbles: true }));
        });
        close();
      }));
    }
    panel.appendChild(button("×", "btn-link ms-auto", close));
    grid.parentElement.insertBefore(panel, grid.nextSibling);
  }

  function preview(kind, field, rows) {
    var t = texts();
    var grid = field.closest(kind.grid);
    var lang = document.documentElement.lang || "vi";
    var ambiguousAs = lang.indexOf("en") === 0 ? "decimal" : "thousands";
    close();
    panel = document.createElement("div");
    panel.className = "card card-body mt-2 paste-preview no-print";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", t.title);
    panel.setAttribute("data-testid", "paste-preview");
    var heading = document.createElement("h2");
    heading.className = "h6";
    heading.textContent = t.title;
    panel.appendChild(heading);
    var choice = document.createElement("div");
    var table = document.createElement("table");
    table.className = "table table-sm mb-2";
    var note = document.createElement("p");
    note.className = "small text-warning-emphasis mb-2";
    var actions = document.createElement("div");
    actions.className = "d-flex gap-2";
    panel.appendChild(choice);
    panel.appendChild(table);
    panel.appendChild(note);
    panel.appendChild(actions);
    var current = null;

    function render() {
      current = plan(kind, field, rows, ambiguousAs);
      choice.textContent = "";
      if (current.ambiguous) {
        var id = "paste-ambiguous";
        var lab = document.createElement("label");
        lab.className = "form-label small me-2";
        lab.setAttribute("for", id);
        lab.textContent = t.ambiguous;
        var select = document.createElement("select");
        select.id = id;
        select.className = "form-select form-select-sm d-inline-block w-auto mb-2";
        [["thousands", t.thousands], ["decimal", t.decimal]].forEach(function (pair) {
          var option = document.createElement("option");
          option.value = pair[0];
          option.textContent = pair[1];
          option.selected = pair[0] === ambiguousAs;
          select.appendChild(option);
        });
        select.addEventListener("change", function () { ambiguousAs = select.value; render(); });
        choice.appendChild(lab);
        choice.appendChild(select);
      }
      table.textContent = "";
      var head = table.createTHead().insertRow();
      [t.field, "", t.read].forEach(function (text) {
        var th = document.createElement("th");
        th.textContent = text;
        head.appendChild(th);
      });
      var body = table.createTBody();
      current.items.forEach(function (item) {
        var tr = body.insertRow();
        tr.insertCell().textContent = label(item.field);
        tr.insertCell().textContent = item.raw;
        var read = tr.insertCell();
        if (item.error) {
          read.className = "text-danger";
          read.textContent = item.error === "bad" ? t.bad : t.choice;
        } else {
          read.textContent = item.value === "" ? "–" : item.value;
        }
      });
      note.textContent = current.outside ? t.outside.replace("{n}", current.outside) : "";
      apply.disabled = !current.items.some(function (item) { return !item.error; });
    }

    var apply = button(t.apply, "btn-primary", function () { showDone(grid, fill(current.items), t); });
    apply.setAttribute("data-testid", "paste-apply");
    actions.appendChild(apply);
    actions.appendChild(button(t.cancel, "btn-outline-secondary", function () { close(); field.focus(); }));
    grid.parentElement.insertBefore(panel, grid.nextSibling);
    render();
    apply.focus();
  }

  document.addEventListener("paste", function (event) {
    var field = event.target;
    if (!field.matches) { return; }
    var kind = GRIDS.filter(function (k) { return field.matches(k.field) && field.closest(k.grid); })[0];
    if (!kind || !event.clipboardData) { return; }
    var text = event.clipboardData.getData("text/plain");
    // One cell: the browser pastes it as usual.
    if (!text || !/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ""))) { return; }
    event.preventDefault();
    preview(kind, field, matrix(text));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel) { close(); }
  });
})();
