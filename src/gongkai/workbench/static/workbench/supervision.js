// The supervision board's charts: drawn from the json_script data beside their tables (the
// tables carry the same figures, so nothing is lost without JavaScript). Tooltips are drawn on
// the canvas (richText): ECharts' HTML tooltips carry inline styles the CSP forbids.
(function () {
  "use strict";
  var source = document.getElementById("supervision-charts");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function barSeries(series, stacked) {
    return Object.keys(series).map(function (name) {
      return { name: name, type: "bar", stack: stacked ? "all" : undefined, data: series[name] };
    });
  }

  function trendOption(trend) {
    var series = barSeries(trend.series, false);
    series.push({
      name: trend.rate.name,
      type: "line",
      yAxisIndex: 1,
      data: trend.rate.values,
      connectNulls: false
    });
    return {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 32 },
      xAxis: { type: "category", data: trend.labels },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
      ],
      series: series
    };
  }

  function departmentOption(departments) {
    return {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: departments.labels, inverse: true },
      color: ["#1a7f37", "#4c9a2a", "#b08800", "#d4580a", "#b42318"],
      series: barSeries(departments.series, true)
    };
  }

  var options = { trend: trendOption, departments: departmentOption };
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var make = options[element.getAttribute("data-chart")];
    var figures = data[element.getAttribute("data-chart")];
    if (!make || !figures) {
      return;
    }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(make(figures));
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) {
      chart.resize();
    });
  });
})();
