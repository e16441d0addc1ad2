// The finder's map: an enhancement over the list of results, drawn only when JavaScript and Leaflet are
// there and a tile server is configured. Markers link to the same service pages as the list.
(function () {
  var box = document.getElementById('finder-map');
  if (!box || !window.L) return;
  var points = Array.prototype.slice.call(document.querySelectorAll('[data-lat][data-lon]'));
  if (points.length === 0) return;
  box.hidden = false;
  var map = window.L.map(box, { scrollWheelZoom: false });
  window.L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 }).addTo(map);
  var bounds = [];
  points.forEach(function (el) {
    var lat = Number(el.dataset.lat);
    var lon = Number(el.dataset.lon);
    var link = el.querySelector('a');
    var marker = window.L.marker([lat, lon], { title: link ? link.textContent : '' }).addTo(map);
    if (link) {
      var a = document.createElement('a');
      a.href = link.getAttribute('href');
      a.textContent = link.textContent;
      marker.bindPopup(a);
    }
    bounds.push([lat, lon]);
  });
  map.fitBounds(bounds, { maxZoom: 14, padding: [24, 24] });
})();
