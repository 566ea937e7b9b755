// The targeting page's map (templates/reports/targeting.html): Indonesia's provinces shaded by
// their conflict incidents, from the page's JSON ([[code, name, incidents, index, without
// forum], ...]: counts only). An outline covering several of today's provinces (Natural
// Earth draws those of 2012) adds theirs up. A tooltip names the figures; the same stand in
// the table beside the map, so nothing here takes the keyboard's focus.
(function () {
  "use strict";
  var element = document.getElementById("targeting-map");
  var source = document.getElementById("targeting-provinces");
  if (!element || !source || !window.L) return;
  var rows = JSON.parse(source.textContent);
  var byCode = {};
  rows.forEach(function (row) { byCode[row[0]] = row; });
  var bands = element.dataset.bands.split(",").map(Number);
  var COLOURS = ["#fde0c5", "#f8a46b", "#e4572e", "#a4161a"];
  var data = element.dataset;

  function band(incidents) {
    var found = -1;
    bands.forEach(function (low, i) { if (incidents >= low) found = i; });
    return found;
  }

  var map = L.map(element, {
    keyboard: false, zoomControl: false, scrollWheelZoom: false, minZoom: 4, maxZoom: 9
  }).setView([-2.5, 118], 4);
  map.attributionControl.setPrefix(false);
  window.portalTargetingMap = map;

  function provinces(feature) {
    return feature.properties.codes.map(function (code) { return byCode[code]; }).filter(Boolean);
  }

  function tooltip(found) {
    var box = document.createElement("div");
    found.forEach(function (row) {
      var line = document.createElement("div");
      line.textContent = row[1] + ": " + row[2] + " " + data.labelIncidents + ", " +
        data.labelIndex + " " + row[3] + (row[4] ? "; " + data.labelWithout + ": " + row[4] : "");
      box.appendChild(line);
    });
    return box;
  }

  fetch(data.outline).then(function (response) { return response.json(); }).then(function (outline) {
    // Every province as land, then those with incidents over it, shaded and with a tooltip.
    L.geoJSON(outline, {
      style: { color: "#495057", weight: 1, fillColor: "#f8f9fa", fillOpacity: 1 },
      interactive: false
    }).addTo(map);
    L.geoJSON(outline, {
      filter: function (feature) { return provinces(feature).length > 0; },
      style: function (feature) {
        var incidents = provinces(feature).reduce(function (sum, row) { return sum + row[2]; }, 0);
        return { color: "#495057", weight: 1, fillOpacity: 1, fillColor: COLOURS[band(incidents)] };
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tooltip(provinces(feature)), { sticky: true });
      }
    }).addTo(map);
    element.dataset.loaded = "1";
  }).catch(function () {});
})();
