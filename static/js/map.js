// The public map (/map/): Indonesia's provinces from the portal, pins from /map/data.json.
// Far out the server counts activities per grid cell; closer in it sends the pins in view
// and Leaflet.markercluster groups those close together.
(function () {
  "use strict";
  var element = document.getElementById("portal-map");
  if (!element || !window.L) return;
  var data = element.dataset;
  var map = L.map(element, { minZoom: 4, maxZoom: 18 }).setView([-2.5, 118], 5);
  map.attributionControl.setPrefix(false);
  // For the browser tests (and the curious): the Leaflet map of the page.
  window.portalMap = map;
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
  }
  fetch(data.outline).then(function (response) { return response.json(); }).then(function (outline) {
    L.geoJSON(outline, {
      style: { color: "#495057", weight: 1, fillColor: "#f8f9fa", fillOpacity: 1 },
      interactive: false
    }).addTo(map).bringToBack();
  });
  var pins = L.markerClusterGroup({ showCoverageOnHover: false });
  var cells = L.layerGroup();
  map.addLayer(pins);
  map.addLayer(cells);
  var rupiah = new Intl.NumberFormat("id-ID");

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  // A pin is [lat, lng, kind, title, place, budget or null, url, thumbnail URL or ""].
  var KINDS = ["map-pin-physical", "map-pin-other", "map-pin-meeting", "map-pin-forum"];

  function popup(point) {
    var box = document.createElement("div");
    if (point[7]) {
      var image = document.createElement("img");
      image.src = point[7];
      image.alt = "";
      image.className = "map-popup-thumb";
      image.loading = "lazy";
      box.appendChild(image);
    }
    var link = text("a", point[3]);
    link.href = point[6];
    box.appendChild(link);
    box.appendChild(text("div", point[4], "small"));
    if (point[5] !== null) {
      box.appendChild(text("div", data.labelBudget + ": Rp " + rupiah.format(point[5]), "small"));
    }
    return box;
  }

  function showPoints(points) {
    pins.clearLayers();
    pins.addLayers(points.map(function (point) {
      var icon = L.divIcon({ className: "map-pin " + KINDS[point[2]], iconSize: [14, 14] });
      return L.marker([point[0], point[1]], { icon: icon, title: point[3] }).bindPopup(popup(point));
    }));
  }

  function showCells(list) {
    list.forEach(function (cell) {
      var size = cell[2] < 10 ? 26 : cell[2] < 1000 ? 36 : 46;
      var icon = L.divIcon({ className: "map-cell", html: rupiah.format(cell[2]), iconSize: [size, size] });
      var marker = L.marker([cell[0], cell[1]], { icon: icon, title: cell[2] + " " + data.labelCluster });
      marker.on("click", function () { map.setView(marker.getLatLng(), map.getZoom() + 2); });
      cells.addLayer(marker);
    });
  }

  var pending = null;
  // What the last answer covered: a view inside it at the same zoom needs no new request,
  // so the small pan that opening a popup makes keeps the popup (and its pin) on the map.
  var covered = null;
  function load() {
    var zoom = map.getZoom();
    if (covered && covered.zoom === zoom && covered.bounds.contains(map.getBounds())) return;
    var bounds = map.getBounds().pad(0.25);
    var params = new URLSearchParams(data.query);
    params.set("zoom", zoom);
    params.set("bbox", [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (value) { return Math.max(-180, Math.min(180, value)).toFixed(3); }).join(","));
    delete element.dataset.loaded;
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(data.url + "?" + params.toString(), { signal: pending.signal })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        cells.clearLayers();
        pins.clearLayers();
        if (answer.c) showCells(answer.c);
        if (answer.p) showPoints(answer.p);
        covered = { zoom: zoom, bounds: bounds };
        element.dataset.loaded = "1";
      })
      .catch(function () {});
  }
  map.on("moveend", load);
  load();
})();
