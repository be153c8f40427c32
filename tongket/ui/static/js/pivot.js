// Charts of pivots (Apache ECharts, served locally). Each element [data-pivot-chart="id"]
// draws the JSON block #id written by the server (no inline script): rows are series,
// columns are categories; every point's tooltip shows the figure's formula.
(function () {
  "use strict";
  var PALETTE = ["#14213d", "#1f6fd1", "#2e9d50", "#c98a00", "#c62828", "#6f42c1", "#20a4a4",
    "#8a94a6", "#e07b39", "#5b8c5a"];

  function fmt(value) {
    if (value === null || value === undefined) { return "–"; }
    var lang = document.documentElement.lang || "vi";
    return Number(value).toLocaleString(lang === "en" ? "en-US" : "vi-VN", { maximumFractionDigits: 2 });
  }

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function point(cell) {
    return { value: cell.value, text: cell.text, formula: cell.formula };
  }

  function tip(name, series, data) {
    var text = data && data.text ? data.text : "–";
    var formula = data && data.formula ? "<br><small>" + esc(data.formula) + "</small>" : "";
    return esc(series ? series + " · " + name : name) + ": <b>" + esc(text) + "</b>" + formula;
  }

  function axisChart(data, kind) {
    var categories = data.columns.map(function (c) { return c.short; });
    var horizontal = kind === "bar";
    var series = data.rows.map(function (row, i) {
      var s = {
        name: row.short,
        type: kind === "line" || kind === "area" ? "line" : "bar",
        data: data.cells[i].map(point),
        barMaxWidth: 28
      };
      if (kind === "stacked") { s.stack = "all"; }
      if (kind === "area") { s.areaStyle = { opacity: 0.25 }; s.stack = "all"; }
      return s;
    });
    var valueAxis = { type: "value", axisLabel: { formatter: fmt } };
    var categoryAxis = { type: "category", data: categories, axisLabel: { rotate: horizontal ? 0 : (categories.length > 6 ? 35 : 0), width: 110, overflow: "truncate" } };
    return {
      color: PALETTE,
      tooltip: { trigger: "item", formatter: function (p) { return tip(p.name, p.seriesName, p.data); } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: horizontal ? 130 : 70, right: 24, top: 16, bottom: !horizontal && categories.length > 6 ? 110 : 70 },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? Object.assign({}, categoryAxis, { inverse: true }) : valueAxis,
      series: series
    };
  }

  function pieChart(data) {
    // One column: each row is a slice; else the columns of the first row.
    var slices;
    if (data.columns.length === 1) {
      slices = data.rows.map(function (row, i) { var c = data.cells[i][0]; return { name: row.short, value: c.value, text: c.text, formula: c.formula }; });
    } else {
      slices = data.columns.map(function (col, j) { var c = data.cells[0][j]; return { name: col.short, value: c.value, text: c.text, formula: c.formula }; });
    }
    return {
      color: PALETTE,
      tooltip: { trigger: "item", formatter: function (p) { return tip(p.name, "", p.data) + " (" + p.percent + " %)"; } },
      legend: { type: "scroll", bottom: 0 },
      series: [{ type: "pie", radius: ["30%", "65%"], data: slices.filter(function (s) { return s.value !== null; }),
        label: { formatter: function (p) { return p.name + "\n" + p.data.text; } } }]
    };
  }

  function heatChart(data) {
    var values = [];
    var cells = [];
    data.rows.forEach(function (row, i) {
      data.columns.forEach(function (col, j) {
        var c = data.cells[i][j];
        if (c.value !== null) { values.push(c.value); }
        cells.push({ value: [j, i, c.value], text: c.text, formula: c.formula });
      });
    });
    var low = values.length ? Math.min.apply(null, values) : 0;
    var high = values.length ? Math.max.apply(null, values) : 1;
    return {
      tooltip: { formatter: function (p) { return tip(data.columns[p.data.value[0]].short, data.rows[p.data.value[1]].short, p.data); } },
      grid: { left: 140, right: 16, top: 8, bottom: 80 },
      xAxis: { type: "category", data: data.columns.map(function (c) { return c.short; }), splitArea: { show: true }, axisLabel: { rotate: 35 } },
      yAxis: { type: "category", inverse: true, data: data.rows.map(function (r) { return r.short; }), axisLabel: { width: 130, overflow: "truncate" } },
      visualMap: { min: low, max: high === low ? low + 1 : high, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 140,
        inRange: { color: ["#f1f5fb", "#1f6fd1", "#14213d"] }, formatter: fmt },
      series: [{ type: "heatmap", data: cells.filter(function (c) { return c.value[2] !== null; }),
        label: { show: data.columns.length * data.rows.length <= 150, formatter: function (p) { return p.data.text; }, fontSize: 10 } }]
    };
  }

  function singleValue(data) {
    var cell = data.cells.length && data.cells[0].length ? data.cells[0][0] : { text: "–", formula: "" };
    return {
      title: { text: cell.text || "–", subtext: (data.rows[0] ? data.rows[0].label : "") + " · " + (data.columns[0] ? data.columns[0].label : ""),
        left: "center", top: "30%", textStyle: { fontSize: 56, color: "#14213d" }, subtextStyle: { fontSize: 14 } },
      tooltip: { show: false },
      series: []
    };
  }

  function draw(el) {
    var holder = document.getElementById(el.getAttribute("data-pivot-chart"));
    if (!holder) { return null; }
    var data = JSON.parse(holder.textContent);
    var kind = data.chart;
    var option;
    if (kind === "pie") { option = pieChart(data); }
    else if (kind === "heatmap") {
      option = heatChart(data);
      el.style.height = Math.max(320, 120 + data.rows.length * 28) + "px";
    }
    else if (kind === "single") { option = singleValue(data); }
    else { option = axisChart(data, kind); }
    if (kind === "bar") { el.style.height = Math.max(320, 100 + data.rows.length * data.columns.length * 14) + "px"; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    option.animation = false;
    chart.setOption(option);
    return chart;
  }

  function init() {
    if (!window.echarts) { return; }
    var charts = [];
    // Every chart of the page (the pivot, or the tiles of a dashboard): each element names
    // the JSON block it draws.
    document.querySelectorAll("[data-pivot-chart]").forEach(function (el) {
      var chart = draw(el);
      if (chart) { charts.push(chart); el.pivotChart = chart; }
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    document.addEventListener("click", function (event) {
      var png = event.target.closest && event.target.closest("[data-pivot-png]");
      if (!png) { return; }
      var el = document.getElementById(png.getAttribute("data-chart") || "pivot-chart");
      if (!el || !el.pivotChart) { return; }
      var link = document.createElement("a");
      link.href = el.pivotChart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      link.download = (png.getAttribute("data-name") || "chart").replace(/[\\/:*?"<>|]/g, "-") + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  // The unit picker's tabs (the organisation tree, and each line): only the open tab's list
  // is sent, and opening a line's tab groups the units along that line ("Units grouped by"),
  // the tree's tab back on the tree as it was then.
  function unitLines() {
    var tabs = document.querySelector("[data-unit-lines]");
    var tree = document.getElementById("p-tree");
    if (!tabs) { return; }
    var buttons = Array.prototype.slice.call(tabs.querySelectorAll("[data-bs-toggle=tab]"));
    var lines = buttons.map(function (b) { return b.getAttribute("data-line"); }).filter(Boolean);
    tabs.addEventListener("shown.bs.tab", function (event) {
      buttons.forEach(function (button) {
        var pane = document.querySelector(button.getAttribute("data-bs-target"));
        var list = pane && pane.querySelector("select");
        if (list) { list.disabled = button !== event.target; }
      });
      var line = event.target.getAttribute("data-line");
      if (!tree) { return; }
      if (line) { tree.value = line; }
      else if (lines.indexOf(tree.value) >= 0) { tree.value = "then"; }
    });
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("DOMContentLoaded", unitLines);
})();
