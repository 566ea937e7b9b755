// The activity form's map (staff): clicking the map or dragging its marker fills the
// latitude and longitude fields; "My location" asks the browser (navigator.geolocation).
// Typed coordinates move the marker. The fields stay the real input: without this script,
// or for keyboard users (the map itself takes no focus), they are typed as before, and the
// server checks that they lie in Indonesia.
(function () {
  "use strict";
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (!lat || !lng || !lat.dataset.coordinateMap || !window.L) return;
  var labels = lat.dataset;
  var BOX = { south: -11, north: 6.5, west: 94, east: 142 };

  var row = (document.getElementById("div_id_latitude") || lat.parentElement).parentElement;
  var box = document.createElement("div");
  box.className = "mb-3";
  var locate = document.createElement("button");
  locate.type = "button";
  locate.className = "btn btn-outline-secondary btn-sm mb-2";
  locate.textContent = labels.labelLocate;
  locate.setAttribute("data-locate", "");
  var status = document.createElement("p");
  status.className = "small text-body-secondary mb-1";
  status.setAttribute("role", "status");
  var element = document.createElement("div");
  element.className = "picker-map";
  element.id = "coordinate-map";
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", labels.labelMap);
  box.appendChild(locate);
  box.appendChild(status);
  box.appendChild(element);
  row.parentNode.insertBefore(box, row.nextSibling);

  var map = L.map(element, { keyboard: false, minZoom: 4, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  window.portalPickerMap = map;
  fetch(labels.coordinateMap).then(function (response) { return response.json(); }).then(function (outline) {
    L.geoJSON(outline, {
      style: { color: "#495057", weight: 1, fillColor: "#f8f9fa", fillOpacity: 1 },
      interactive: false
    }).addTo(map).bringToBack();
    element.dataset.loaded = "1";
  }).catch(function () {});

  var marker = null;
  function place(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
      return;
    }
    var icon = L.divIcon({ className: "map-pin map-pin-physical picker-pin", iconSize: [18, 18] });
    marker = L.marker(latlng, { icon: icon, draggable: true, keyboard: false }).addTo(map);
    marker.on("dragend", function () { write(marker.getLatLng()); });
  }
  function write(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lng.value = L.Util.wrapNum(latlng.lng, [-180, 180], true).toFixed(6);
    [lat, lng].forEach(function (input) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  function typed() {
    var a = parseFloat(lat.value.replace(",", "."));
    var b = parseFloat(lng.value.replace(",", "."));
    return isNaN(a) || isNaN(b) ? null : L.latLng(a, b);
  }
  function inside(latlng) {
    return latlng.lat >= BOX.south && latlng.lat <= BOX.north &&
      latlng.lng >= BOX.west && latlng.lng <= BOX.east;
  }

  var start = typed();
  if (start && inside(start)) {
    place(start);
    map.setView(start, 13);
  } else {
    map.fitBounds([[BOX.south, BOX.west], [BOX.north, BOX.east]]);
  }
  map.on("click", function (event) {
    place(event.latlng);
    write(event.latlng);
  });
  [lat, lng].forEach(function (input) {
    input.addEventListener("input", function () {
      var latlng = typed();
      if (latlng && inside(latlng)) {
        place(latlng);
        map.panTo(latlng);
      }
    });
  });

  if (!navigator.geolocation) {
    locate.hidden = true;
    return;
  }
  locate.addEventListener("click", function () {
    status.textContent = labels.labelLocating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
      if (!inside(latlng)) {
        status.textContent = labels.labelOutside;
        return;
      }
      place(latlng);
      write(latlng);
      map.setView(latlng, 16);
      status.textContent = labels.labelLocated;
    }, function () {
      status.textContent = labels.labelUnlocated;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
