// Resolution pages: dialogs loaded with htmx, tabs remembered in the URL, fields shown only
// when they apply, and the live sum of the shares when a target is split by hand.
// No inline scripts or styles: the CSP forbids both.
(function () {
  "use strict";

  var LANG = document.documentElement.lang === "en" ? "en-US" : "vi-VN";

  // --- Dialogs: a link with data-modal loads its form into #action-modal-content (htmx). ---
  function modal() {
    var el = document.getElementById("action-modal");
    return el && window.bootstrap ? window.bootstrap.Modal.getOrCreateInstance(el) : null;
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "action-modal-content") {
      var dialog = modal();
      if (dialog) { dialog.show(); }
      applyShowWhen(target);
      updateShares(target);
      var first = target.querySelector(".is-invalid, input:not([type=hidden]):not([disabled]), select, textarea");
      if (first) { window.setTimeout(function () { first.focus(); }, 200); }
    }
  });
  document.addEventListener("hidden.bs.modal", function (event) {
    if (event.target.id === "action-modal") {
      var content = document.getElementById("action-modal-content");
      if (content) { content.replaceChildren(); }
      var back = document.querySelector("[data-return-focus]");
      if (back) { back.removeAttribute("data-return-focus"); back.focus(); }
    }
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-modal]");
    if (opener) {
      var cell = opener.closest("td");
      var input = cell && cell.querySelector("[data-target-input]");
      (input || opener).setAttribute("data-return-focus", "");
    }
  });
  // An error page answered to a dialog: show it as a message rather than nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (target && target.id === "action-modal-content") {
      var box = document.createElement("div");
      box.className = "modal-body";
      var alert = document.createElement("div");
      alert.className = "alert alert-danger mb-0";
      var texts = document.getElementById("action-modal").dataset;
      alert.textContent = event.detail.xhr.status === 403 ? texts.msgForbidden : texts.msgError;
      box.appendChild(alert);
      target.replaceChildren(box);
      var dialog = modal();
      if (dialog) { dialog.show(); }
    }
  });

  // --- Tabs: the open tab is kept in the URL (?tab=) so that a reload or a link keeps it. ---
  document.addEventListener("shown.bs.tab", function (event) {
    var name = event.target.getAttribute("data-tab");
    if (!name || !event.target.closest("[data-remember-tab]")) { return; }
    var url = new URL(window.location.href);
    if (name === "indicators") { url.searchParams.delete("tab"); } else { url.searchParams.set("tab", name); }
    window.history.replaceState(null, "", url.toString());
  });

  // --- Fields shown only when they apply: data-show-when="name=value[|value]". ---
  function controlValue(scope, name) {
    var checked = scope.querySelector("[name='" + name + "']:checked");
    if (checked) { return checked.value; }
    var el = scope.querySelector("[name='" + name + "']:not([type=radio])");
    return el ? el.value : "";
  }
  function applyShowWhen(root) {
    (root || document).querySelectorAll("[data-show-when]").forEach(function (el) {
      var parts = el.getAttribute("data-show-when").split("=");
      var scope = el.closest("form") || document;
      var wanted = parts[1].split("|");
      el.hidden = wanted.indexOf(controlValue(scope, parts[0])) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.matches) { return; }
    if (el.name) { applyShowWhen(el.closest("form") || document); }
    if (el.matches("[data-navigate]")) { window.location = el.value; }
    if (el.matches("[data-reload-get]")) {
      // The split page without a dialog: reload it for the chosen unit and year.
      var form = el.form;
      var params = new URLSearchParams();
      ["unit", "year", "method", "root", "until", "base_indicator", "reason"].forEach(function (name) {
        var value = controlValue(form, name);
        if (value) { params.set(name, value); }
      });
      window.location = form.getAttribute("action") + "?" + params.toString();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    applyShowWhen(document);
    updateShares(document);
  });

  // --- The shares of a split by hand, added up as they are typed. ---
  function parseNumber(text) {
    var t = String(text || "").replace(/[\s\u00a0\u202f']/g, "").replace(/%$/, "");
    if (!t) { return null; }
    var dot = t.indexOf(".") >= 0, comma = t.indexOf(",") >= 0;
    if (dot && comma) {
      t = t.lastIndexOf(",") > t.lastIndexOf(".") ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
    } else if (comma) {
      t = (t.split(",").length > 2) ? t.replace(/,/g, "") : t.replace(",", ".");
    } else if (dot && (t.split(".").length > 2 || /^-?\d{1,3}(\.\d{3})+$/.test(t))) {
      t = t.replace(/\./g, "");
    }
    if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(t)) { return NaN; }
    return parseFloat(t);
  }
  function format(value) {
    return new Intl.NumberFormat(LANG, { maximumFractionDigits: 4 }).format(value);
  }
  function updateShares(root) {
    (root || document).querySelectorAll("[data-cascade]").forEach(function (box) {
      var sumCell = box.querySelector("[data-share-sum]");
      var gapCell = box.querySelector("[data-share-gap]");
      if (!sumCell) { return; }
      var sum = 0, bad = false, any = false;
      box.querySelectorAll("[data-share]").forEach(function (input) {
        var value = parseNumber(input.value);
        if (value === null) { return; }
        if (isNaN(value)) { bad = true; return; }
        any = true; sum += value;
      });
      sumCell.textContent = bad ? "?" : (any ? format(sum) : "–");
      var target = parseNumber(box.getAttribute("data-target-value"));
      if (!gapCell) { return; }
      if (bad || !any || target === null || isNaN(target)) { gapCell.textContent = ""; return; }
      var gap = Math.round((sum - target) * 10000) / 10000;
      gapCell.className = "small " + (gap === 0 ? "text-success" : "text-warning-emphasis");
      gapCell.textContent = gap === 0
        ? gapCell.dataset.equal
        : format(Math.abs(gap)) + " " + (gap > 0 ? gapCell.dataset.more : gapCell.dataset.less);
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-share]")) {
      updateShares(event.target.closest("[data-cascade]").parentElement);
    }
  });
})();
