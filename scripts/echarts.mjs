// The ECharts the pages load: only the charts and components they draw, tree-shaken from the
// npm package by esbuild into one script that sets `window.echarts` (as the full build did).
// Used by tongket/ui/static/js/dashboard.js (line, bar, scatter, heatmap; SVG) and pivot.js
// (line, bar, pie, heatmap, single value as a title; canvas, PNG export). The heat maps'
// colour scales are continuous (no `pieces`). A chart or
// component not listed here draws nothing: add it when a page starts using it.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart, PieChart, ScatterChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from "echarts/components";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
  SVGRenderer,
]);

window.echarts = echarts;
