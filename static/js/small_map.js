// Small maps (templates/includes/small_map.html): activities' pins over Indonesia's provinces,
// from the element's data-pins ([[lat, lng, title, url], ...], a forum's own point with
// "forum" fifth); a region page's province
// (data-province, a Kemendagri code) is shaded, and framed when there is no pin. Nothing takes the keyboard's
// focus (no keyboard handler, no zoom buttons, pins without tabindex); the page says the same
// in words. Clicking a pin opens its activity's page.
(function () {
  "use strict";
  if (!window.L) return;
  document.querySelectorAll(".small-map[data-pins]").forEach(function (element) {
    var pins;
    try {
      pins = JSON.parse(element.dataset.pins || "[]");
    } catch (error) {
      return;
    }
    var province = element.dataset.province;
    if (!pins.length && !province) return;
    var map = L.map(element, {
      keyboard: false, zoomControl: false, scrollWheelZoom: false, minZoom: 4, maxZoom: 16
    });
    map.attributionControl.setPrefix(false);
    var here = window.location.pathname;
    var points = pins.map(function (pin) {
      var kind = pin[4] === "forum" ? "map-pin-forum" : "map-pin-physical";
      var icon = L.divIcon({ className: "map-pin " + kind, iconSize: [14, 14] });
      var marker = L.marker([pin[0], pin[1]], { icon: icon, title: pin[2], keyboard: false }).addTo(map);
      if (pin[3] !== here) {
        marker.on("click", function () { window.location.href = pin[3]; });
      }
      return [pin[0], pin[1]];
    });
    if (points.length === 1) {
      map.setView(points[0], 10);
    } else if (points.length) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 13 });
    } else {
      map.setView([-2.5, 118], 4);
    }
    function isRegion(feature) {
      return Boolean(province) && feature.properties.codes.indexOf(province) !== -1;
    }
    fetch(element.dataset.outline).then(function (response) { return response.json(); }).then(function (outline) {
      var shaded = null;
      L.geoJSON(outline, {
        style: function (feature) {
          return {
            color: "#495057", weight: 1, fillOpacity: 1,
            fillColor: isRegion(feature) ? "#dbe7f5" : "#f8f9fa"
          };
        },
        onEachFeature: function (feature, layer) {
          if (isRegion(feature)) shaded = layer;
        },
        interactive: false
      }).addTo(map).bringToBack();
      if (shaded && !points.length) map.fitBounds(shaded.getBounds(), { padding: [8, 8] });
      element.dataset.loaded = "1";
    }).catch(function () {});
    window.portalSmallMap = map;
  });
})();
