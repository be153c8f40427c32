// The report page: keyboard navigation in the entry grid, the autosave status, fields
// marked invalid by the server, submissions that wait for pending saves, narrative boxes
// that grow and print. No inline script or style (the CSP forbids both).
(function () {
  "use strict";

  var pending = 0;
  var failed = {};
  var waitingForm = null;

  // --- Keyboard: Enter and the arrows move between the grid's fields --------------------
  function groups() {
    return Array.prototype.slice.call(document.querySelectorAll(".entry-grid tbody.entry-group"));
  }
  function fieldsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll("[data-slot]"));
  }
  function focusField(field) {
    if (!field) { return false; }
    field.focus();
    if (field.select && field.tagName === "INPUT") { field.select(); }
    return true;
  }
  function vertical(field, step) {
    var group = field.closest("tbody.entry-group");
    var all = groups();
    var slot = field.getAttribute("data-slot");
    for (var i = all.indexOf(group) + step; i >= 0 && i < all.length; i += step) {
      var fields = fieldsOf(all[i]);
      if (!fields.length) { continue; }
      var same = fields.filter(function (f) { return f.getAttribute("data-slot") === slot; })[0];
      // A row without this kind of field: its first field (or its comment for a comment).
      return focusField(same || (slot === "3" ? fields[fields.length - 1] : fields[0]));
    }
    return false;
  }
  function horizontal(field, step) {
    var group = field.closest("tbody.entry-group");
    var fields = fieldsOf(group);
    var next = fields[fields.indexOf(field) + step];
    if (next) { return focusField(next); }
    var all = groups();
    for (var i = all.indexOf(group) + step; i >= 0 && i < all.length; i += step) {
      var others = fieldsOf(all[i]);
      if (others.length) { return focusField(step > 0 ? others[0] : others[others.length - 1]); }
    }
    return false;
  }
  function atStart(field) {
    return field.tagName !== "INPUT" || (field.selectionStart === 0 && field.selectionEnd === 0);
  }
  function atEnd(field) {
    return field.tagName !== "INPUT" ||
      (field.selectionStart === field.value.length && field.selectionEnd === field.value.length);
  }
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field.closest || !field.matches("[data-slot]") || !field.closest(".entry-grid")) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var isSelect = field.tagName === "SELECT";
    var moved = false;
    if (event.key === "Enter") {
      // The last field: leave it, which saves it.
      if (!vertical(field, event.shiftKey ? -1 : 1)) { field.blur(); }
      moved = true;
    } else if (event.key === "ArrowDown" && !isSelect) {
      moved = vertical(field, 1);
    } else if (event.key === "ArrowUp" && !isSelect) {
      moved = vertical(field, -1);
    } else if (event.key === "ArrowRight" && atEnd(field)) {
      moved = horizontal(field, 1);
    } else if (event.key === "ArrowLeft" && atStart(field)) {
      moved = horizontal(field, -1);
    }
    if (moved) { event.preventDefault(); }
  });

  // --- Autosave status --------------------------------------------------------------------
  function autosaveOf(elt) { return elt && elt.closest ? elt.closest("[data-autosave]") : null; }
  function showState() {
    var box = document.getElementById("save-state");
    if (!box) { return; }
    var text = box.querySelector(".save-text");
    var icon = box.querySelector(".bi");
    var errors = document.querySelectorAll(
      ".entry-status[data-state=error], .entry-status[data-state=conflict], " +
      ".section-status[data-state=error], .section-status[data-state=conflict]").length +
      Object.keys(failed).length;
    var waiting = queuedHere().length;
    var state = pending > 0 ? "saving" : errors > 0 ? "error" : waiting > 0 ? "queued" : "saved";
    box.setAttribute("data-state", state);
    icon.className = "bi " + (state === "saving" ? "bi-arrow-repeat" : state === "error" ? "bi-exclamation-octagon" : state === "queued" ? "bi-cloud-slash" : "bi-cloud-check");
    text.textContent = box.getAttribute("data-" + state) || text.textContent;
    if (state === "error") {
      text.textContent = (box.getAttribute("data-error") || "").replace("{n}", errors);
    } else if (state === "queued") {
      text.textContent = (box.getAttribute("data-queued") || "").replace("{n}", waiting);
    }
  }
  function markFailure(owner, message) {
    var status = owner.matches("tbody") ? owner.querySelector(".entry-status") :
      owner.closest(".narrative-section") && owner.closest(".narrative-section").querySelector(".section-status");
    if (status) {
      status.setAttribute("data-state", "error");
      status.textContent = "";
      var line = document.createElement("div");
      line.className = "entry-msg entry-error";
      line.setAttribute("role", "alert");
      line.textContent = message;
      status.appendChild(line);
    }
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (autosaveOf(event.detail.elt)) { pending += 1; showState(); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var owner = autosaveOf(elt);
    if (!owner) { return; }
    pending = Math.max(0, pending - 1);
    var xhr = event.detail.xhr;
    var key = owner.id || "autosave";
    var box = document.getElementById("save-state");
    var lost = box ? box.getAttribute("data-lost") : "Not saved.";
    if (xhr && xhr.status === 0 && owner.matches("tbody.entry-group")) {
      // No connection: the row waits in the queue and goes when the connection is back.
      delete failed[key];
      enqueue(owner);
    } else if (!event.detail.successful || !xhr || xhr.getResponseHeader("X-Autosave") !== "1") {
      // An answer without our marker is a login page or an error page: nothing was saved.
      failed[key] = true;
      markFailure(owner, lost);
    } else {
      delete failed[key];
      if (owner.matches("tbody.entry-group")) { dequeue(owner); }
    }
    applyInvalid(document);
    showState();
    if (pending === 0 && waitingForm) { submitWaiting(); }
  });
  function submitWaiting() {
    var form = waitingForm;
    waitingForm = null;
    if (form) { form.submit(); }
  }
  document.addEventListener("htmx:sendError", function (event) {
    if (autosaveOf(event.detail.elt)) { showState(); }
  });

  // Fields the server found invalid get the invalid look; the others lose it.
  function applyInvalid(root) {
    Array.prototype.slice.call(root.querySelectorAll(".entry-status")).forEach(function (status) {
      var group = status.closest("tbody.entry-group");
      if (!group) { return; }
      var names = (status.getAttribute("data-invalid") || "").split(/\s+/).filter(Boolean);
      fieldsOf(group).forEach(function (field) {
        var bad = names.indexOf(field.name) >= 0 || (names.indexOf("value") >= 0 && field.getAttribute("data-slot") === "1");
        field.classList.toggle("is-invalid", bad);
        if (bad) { field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
      });
      var comment = group.querySelector("[name=comment]");
      if (comment) { comment.classList.toggle("needs-comment", status.getAttribute("data-state") === "warning"); }
    });
  }
  document.addEventListener("htmx:afterSettle", function () { applyInvalid(document); showState(); });

  // --- Offline: rows typed without a connection wait here, and go when it is back -------
  // The queue lives in the browser (localStorage), keyed by the row's address: a page
  // reopened offline (the service worker keeps it) shows what waits and sends it later.
  // Each row goes with the base it was typed against, so the server's version check still
  // tells a value someone else saved meanwhile (shown as a conflict, nothing lost).
  var QUEUE = "tongket-entry-queue";
  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE) || "{}"); } catch (e) { return {}; }
  }
  function writeQueue(queue) {
    try { window.localStorage.setItem(QUEUE, JSON.stringify(queue)); } catch (e) { /* full */ }
  }
  function rowKey(row) { return row.getAttribute("hx-post") + "#" + row.getAttribute("data-indicator"); }
  function queuedHere() {
    var queue = readQueue();
    return groups().filter(function (row) { return row.hasAttribute("hx-post") && queue[rowKey(row)]; });
  }
  function markQueued(row) {
    var status = row.querySelector(".entry-status");
    var box = document.getElementById("save-state");
    if (!status || !box) { return; }
    status.setAttribute("data-state", "queued");
    status.textContent = "";
    var line = document.createElement("div");
    line.className = "entry-msg entry-queued";
    line.textContent = box.getAttribute("data-row-queued") || "";
    status.appendChild(line);
  }
  function enqueue(row) {
    var queue = readQueue();
    var fields = {};
    row.querySelectorAll("[name]").forEach(function (field) { fields[field.name] = field.value; });
    queue[rowKey(row)] = {fields: fields, at: new Date().toISOString()};
    writeQueue(queue);
    markQueued(row);
  }
  function dequeue(row) {
    var queue = readQueue();
    if (queue[rowKey(row)]) { delete queue[rowKey(row)]; writeQueue(queue); }
  }
  function restoreQueued() {
    var queue = readQueue();
    queuedHere().forEach(function (row) {
      var fields = queue[rowKey(row)].fields || {};
      row.querySelectorAll("[name]").forEach(function (field) {
        if (Object.prototype.hasOwnProperty.call(fields, field.name)) { field.value = fields[field.name]; }
      });
      markQueued(row);
    });
  }
  function flush() {
    if (!window.htmx || navigator.onLine === false) { return; }
    queuedHere().forEach(function (row) {
      // Once per row while its request is out (the "online" event may come twice).
      if (row.hasAttribute("data-sending")) { return; }
      row.setAttribute("data-sending", "");
      window.htmx.trigger(row, "change");
    });
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var row = event.detail.elt;
    if (row && row.removeAttribute) { row.removeAttribute("data-sending"); }
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", showState);
  document.addEventListener("DOMContentLoaded", function () {
    restoreQueued();
    showState();
    // htmx binds its triggers once the page is processed: send what waits after that.
    window.setTimeout(flush, 0);
    if ("serviceWorker" in navigator && document.querySelector("[data-offline-entry]")) {
      navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () { /* not kept offline */ });
    }
  });

  // --- Submit only when every save has landed --------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-wait-saves]")) { return; }
    if (queuedHere().length > 0) {
      // Values still wait for the connection: submitting now would send the report without them.
      event.preventDefault();
      showState();
      return;
    }
    if (pending > 0) {
      event.preventDefault();
      waitingForm = form;
      var button = form.querySelector("button");
      if (button) { button.disabled = true; }
      // Never wait for ever: a save that does not answer is reported on its row.
      window.setTimeout(function () { if (waitingForm === form) { submitWaiting(); } }, 15000);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending > 0) { event.preventDefault(); event.returnValue = ""; }
  });

  // --- Narrative: boxes grow with their text; print shows the text typed -----------------
  function grow(area) {
    area.style.height = "auto";
    area.style.height = Math.max(area.scrollHeight + 2, 90) + "px";
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-autogrow]")) { grow(event.target); }
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("[data-print-of]").forEach(function (twin) {
      var source = document.getElementById(twin.getAttribute("data-print-of"));
      if (source) { twin.textContent = source.value; }
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-autogrow]").forEach(grow);
    applyInvalid(document);
  });
})();
