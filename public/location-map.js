// Placing a location on a map (the editors' forms): see src/modules/directory/pages/location-map.tsx.
// A click on the map or a drag of the marker writes the coordinates into the latitude and longitude fields;
// coordinates typed in the fields move the marker. Without this script the fields work as they are.
(function () {
  if (!window.L) return;
  var pickers = document.querySelectorAll('[data-map-picker]');
  Array.prototype.forEach.call(pickers, function (picker) {
    var form = picker.closest('form') || document;
    var field = function (name) { return form.querySelector('[name="' + name + '"]'); };
    var lat = field(picker.dataset.latitudeField);
    var lon = field(picker.dataset.longitudeField);
    var municipality = field(picker.dataset.municipalityField);
    var box = picker.querySelector('.ponte-map');
    if (!lat || !lon || !box) return;
    var centroids = {};
    try { centroids = JSON.parse(picker.dataset.centroids || '{}'); } catch (e) { centroids = {}; }

    var typed = function () {
      var a = Number(String(lat.value).replace(',', '.'));
      var b = Number(String(lon.value).replace(',', '.'));
      return lat.value.trim() !== '' && lon.value.trim() !== '' && isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
    };
    var centroid = function () { return municipality && centroids[municipality.value] ? centroids[municipality.value] : null; };

    picker.hidden = false;
    var start = typed();
    var map = window.L.map(box, { scrollWheelZoom: false });
    window.L.tileLayer(picker.dataset.tiles, { attribution: picker.dataset.attribution, maxZoom: 19 }).addTo(map);
    map.setView(start || centroid() || [41.22, 16.3], start ? 17 : 14);
    var marker = null;

    var write = function (latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      [lat, lon].forEach(function (el) { el.dispatchEvent(new Event('change', { bubbles: true })); });
    };
    var place = function (latlng) {
      if (!marker) {
        marker = window.L.marker(latlng, { draggable: true, title: box.getAttribute('aria-label') || '' }).addTo(map);
        marker.on('dragend', function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
    };
    if (start) place(window.L.latLng(start[0], start[1]));

    map.on('click', function (event) {
      place(event.latlng);
      write(event.latlng);
    });
    var follow = function () {
      var point = typed();
      if (!point) return;
      place(window.L.latLng(point[0], point[1]));
      map.panTo(point);
    };
    lat.addEventListener('input', follow);
    lon.addEventListener('input', follow);
    if (municipality) {
      municipality.addEventListener('change', function () {
        var c = centroid();
        if (c && !typed()) map.setView(c, 14);
      });
    }
  });
})();
