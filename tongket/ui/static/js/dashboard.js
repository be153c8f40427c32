// Dashboard charts (Apache ECharts, served locally). Data comes from the JSON block
// #dashboard-data written by the server; no inline script.
(function () {
  "use strict";
  var STATUS = {
    exceeded: "#1b7f3b", met: "#2e9d50", on_track: "#1f6fd1",
    at_risk: "#c98a00", behind: "#c62828", no_data: "#8a94a6"
  };
  var NAVY = "#14213d";

  function fmt(value) {
    if (value === null || value === undefined) { return "–"; }
    var lang = document.documentElement.lang || "vi";
    return Number(value).toLocaleString(lang === "en" ? "en-US" : "vi-VN", { maximumFractionDigits: 2 });
  }

  function init() {
    var holder = document.getElementById("dashboard-data");
    if (!holder || !window.echarts) { return; }
    var data = JSON.parse(holder.textContent);
    var byId = {};
    data.indicators.forEach(function (ind) { byId[String(ind.id)] = ind; });
    var charts = [];

    document.querySelectorAll("[data-sparkline]").forEach(function (el) {
      var ind = byId[el.getAttribute("data-sparkline")];
      if (!ind || !ind.trend.length) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        grid: { left: 2, right: 2, top: 4, bottom: 2 },
        xAxis: { type: "category", show: false, data: ind.trend.map(function (p) { return p.period; }) },
        yAxis: { type: "value", show: false, scale: true },
        series: [
          { type: "line", data: ind.trend.map(function (p) { return p.value; }), symbol: "none",
            lineStyle: { width: 1.6, color: NAVY }, areaStyle: { color: "rgba(20,33,61,.08)" } },
          { type: "line", data: ind.trend.map(function (p) { return p.target; }), symbol: "none",
            lineStyle: { width: 1, type: "dashed", color: STATUS.met } }
        ]
      });
      charts.push(chart);
    });

    var trendEl = document.getElementById("chart-trend");
    var childrenEl = document.getElementById("chart-children");
    var heatEl = document.getElementById("chart-heat");
    var trend = trendEl && window.echarts.init(trendEl, null, { renderer: "svg" });
    var children = childrenEl && window.echarts.init(childrenEl, null, { renderer: "svg" });
    if (trend) { charts.push(trend); }
    if (children) { charts.push(children); }

    function show(ind) {
      document.querySelectorAll("[data-chosen-name]").forEach(function (el) {
        el.textContent = ind.code + " – " + ind.name;
      });
      document.querySelectorAll(".indicator-card").forEach(function (card) {
        card.setAttribute("aria-pressed", card.getAttribute("data-indicator") === String(ind.id) ? "true" : "false");
      });
      if (trend) {
        trend.setOption({
          tooltip: { trigger: "axis", valueFormatter: fmt },
          legend: { data: [data.labels.value, data.labels.target], bottom: 0 },
          grid: { left: 60, right: 16, top: 16, bottom: 56 },
          xAxis: { type: "category", data: ind.trend.map(function (p) { return p.period; }), axisLabel: { rotate: 45 } },
          yAxis: { type: "value", scale: true, axisLabel: { formatter: fmt } },
          series: [
            { name: data.labels.value, type: "bar", barMaxWidth: 26,
              data: ind.trend.map(function (p) { return { value: p.value, itemStyle: { color: STATUS[p.status] || STATUS.no_data } }; }) },
            { name: data.labels.target, type: "line", step: "middle", symbol: "none",
              lineStyle: { type: "dashed", color: NAVY }, itemStyle: { color: NAVY },
              data: ind.trend.map(function (p) { return p.target; }) }
          ]
        }, true);
      }
      if (children) {
        var rows = ind.children.slice().sort(function (a, b) { return (b.value || 0) - (a.value || 0); });
        children.setOption({
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
          grid: { left: 120, right: 24, top: 8, bottom: 24 },
          xAxis: { type: "value", axisLabel: { formatter: fmt } },
          yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }), axisLabel: { width: 110, overflow: "truncate" } },
          series: [
            { name: data.labels.value, type: "bar", barMaxWidth: 18,
              data: rows.map(function (r) { return { value: r.value, unit: r.unit, itemStyle: { color: STATUS[r.status] || STATUS.no_data } }; }) },
            { name: data.labels.target, type: "scatter", symbol: "diamond", symbolSize: 9, itemStyle: { color: NAVY },
              data: rows.map(function (r) { return r.target; }) }
          ]
        }, true);
      }
    }

    if (children) {
      children.on("click", function (params) {
        var unit = params.data && params.data.unit;
        if (unit) { window.location.search = childrenEl.getAttribute("data-drill-url").replace("__unit__", unit).replace(/^\?/, ""); }
      });
    }

    if (heatEl && data.heat.units.length) {
      var heat = window.echarts.init(heatEl, null, { renderer: "svg" });
      heatEl.style.height = Math.max(160, 40 + data.heat.units.length * 26) + "px";
      heat.resize();
      heat.setOption({
        tooltip: { formatter: function (p) {
          var v = p.data[2];
          return data.heat.units[p.data[1]].name + " · " + data.heat.periods[p.data[0]] + ": " + (v === null ? data.labels.noData : fmt(v) + " %");
        } },
        grid: { left: 120, right: 16, top: 8, bottom: 70 },
        xAxis: { type: "category", data: data.heat.periods, splitArea: { show: true }, axisLabel: { rotate: 45 } },
        yAxis: { type: "category", inverse: true, data: data.heat.units.map(function (u) { return u.name; }), axisLabel: { width: 110, overflow: "truncate" } },
        visualMap: { min: 0, max: 100, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120,
          text: ["100 %", "0 %"], inRange: { color: ["#c62828", "#c98a00", "#2e9d50"] } },
        series: [{ type: "heatmap", data: data.heat.cells.filter(function (c) { return c[2] !== null; }),
          label: { show: data.heat.periods.length <= 12, formatter: function (p) { return Math.round(p.data[2]); }, fontSize: 10 } }]
      });
      heat.on("click", function (params) {
        var unit = data.heat.units[params.data[1]];
        if (unit) { window.location.search = heatEl.getAttribute("data-drill-url").replace("__unit__", unit.id).replace(/^\?/, ""); }
      });
      charts.push(heat);
    }

    document.addEventListener("click", function (event) {
      var card = event.target.closest && event.target.closest(".indicator-card");
      if (card && byId[card.getAttribute("data-indicator")]) { show(byId[card.getAttribute("data-indicator")]); }
    });
    if (data.indicators.length) { show(data.indicators[0]); }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
