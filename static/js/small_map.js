// Small maps (templates/includes/small_map.html): activities' pins over Indonesia's outline,
// from the element's data-pins ([[lat, lng, title, url], ...]). Nothing takes the keyboard's
// focus (no keyboard handler, no zoom buttons, pins without tabindex); the page says the same
// in words. Clicking a pin opens its activity's page.
(function () {
  "use strict";
  if (!window.L) return;
  document.querySelectorAll(".small-map[data-pins]").forEach(function (element) {
    var pins;
    try {
      pins = JSON.parse(element.dataset.pins);
    } catch (error) {
      return;
    }
    if (!pins.length) return;
    var map = L.map(element, {
      keyboard: false, zoomControl: false, scrollWheelZoom: false, minZoom: 4, maxZoom: 16
    });
    map.attributionControl.setPrefix(false);
    var here = window.location.pathname;
    var points = pins.map(function (pin) {
      var icon = L.divIcon({ className: "map-pin map-pin-physical", iconSize: [14, 14] });
      var marker = L.marker([pin[0], pin[1]], { icon: icon, title: pin[2], keyboard: false }).addTo(map);
      if (pin[3] !== here) {
        marker.on("click", function () { window.location.href = pin[3]; });
      }
      return [pin[0], pin[1]];
    });
    if (points.length === 1) {
      map.setView(points[0], 10);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 13 });
    }
    fetch(element.dataset.outline).then(function (response) { return response.json(); }).then(function (outline) {
      L.geoJSON(outline, {
        style: { color: "#495057", weight: 1, fillColor: "#f8f9fa", fillOpacity: 1 },
        interactive: false
      }).addTo(map).bringToBack();
      element.dataset.loaded = "1";
    }).catch(function () {});
    window.portalSmallMap = map;
  });
})();
