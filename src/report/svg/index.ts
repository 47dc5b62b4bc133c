/** SVG charts for reports: pure functions from plain data to standalone SVG strings, and their building blocks. */

export * from "./axis.js";
export * from "./bandScale.js";
export * from "./barChart.js";
export * from "./beeswarm.js";
export * from "./boxPlot.js";
export * from "./chartFrame.js";
export * from "./colors.js";
export * from "./dataExtent.js";
export * from "./groupedPointChart.js";
export * from "./heatmap.js";
export * from "./legend.js";
export * from "./linearScale.js";
export * from "./logScale.js";
export * from "./numberFormat.js";
export * from "./scatterPlot.js";
export * from "./shapSummaryPlot.js";
export * from "./summaryStatistics.js";
export * from "./svgBuilder.js";
export * from "./textLabel.js";
export * from "./textMetrics.js";
export * from "./volcanoPlot.js";
export * from "./waterfallPlot.js";
