// Charts of the funding summary, drawn with the vendored Chart.js from the figures that
// the page puts in <script id="chart-data" type="application/json">. The same figures
// are in the tables of the page, so the charts add nothing a screen reader would miss.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var number = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
  var compact = new Intl.NumberFormat("id-ID", { notation: "compact", maximumFractionDigits: 1 });
  var colours = { budget: "#0b5d4b", spending: "#f4c542" };

  function rupiah(value) {
    return "Rp " + number.format(value);
  }

  function datasets(items) {
    return ["budget", "spending"].map(function (key) {
      return {
        label: data.labels[key],
        data: items.map(function (item) { return item[key]; }),
        backgroundColor: colours[key],
        borderColor: colours[key],
      };
    });
  }

  function draw(id, items, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !items.length) {
      return;
    }
    var valueAxis = horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      ticks: { callback: function (value) { return "Rp " + compact.format(value); } },
    };
    if (horizontal) {
      // Enough height for every row's pair of bars, so long region names stay legible.
      canvas.parentNode.style.height = Math.max(240, items.length * 34 + 80) + "px";
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: items.map(function (item) { return item.name; }), datasets: datasets(items) },
      options: {
        indexAxis: horizontal ? "y" : "x",
        // No animation: figures appear at once, print and screenshots show them whole,
        // and nobody who prefers reduced motion gets bars growing on the screen.
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: scales,
        plugins: {
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + rupiah(context.parsed[valueAxis]);
              },
            },
          },
        },
      },
    });
  }

  draw("chart-sources", data.sources, false);
  draw("chart-years", data.years, false);
  draw("chart-regions", data.regions, true);
})();
