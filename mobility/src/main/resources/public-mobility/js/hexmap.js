// Leaflet helpers shared by the live map and the traffic heat map: the basemap with its offline fallback, colour
// scales for H3 hexagons, and a legend. Leaflet is loaded as a classic script (global L) from its webjar.

/**
 * A map centred on the city. Tiles come from config.tiles; when none are configured, or when tiles fail to load
 * (offline), the map switches to a plain grid background and says so, and hexagons and markers stay as they are.
 */
export function createMap(elementId, config, { notice } = {}) {
  const map = L.map(elementId, { preferCanvas: true, zoomControl: true }).setView(config.center, 12);
  const container = map.getContainer();
  const offline = reason => {
    container.classList.add('offline');
    container.dataset.basemap = 'plain';
    if (notice) notice.textContent = reason;
  };
  if (!config.tiles) {
    offline('Plain background (no tile URL configured).');
    return map;
  }
  container.dataset.basemap = 'tiles';
  const tiles = L.tileLayer(config.tiles, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors', crossOrigin: false });
  let loaded = 0, failed = 0;
  tiles.on('tileload', () => { loaded++; });
  tiles.on('tileerror', () => {
    failed++;
    if (failed >= 3 && loaded === 0) {
      map.removeLayer(tiles);
      offline('Basemap tiles cannot load (offline?): plain background.');
    }
  });
  tiles.addTo(map);
  return map;
}

const POINT_COLOURS = ['#fff5eb', '#fee6ce', '#fdd0a2', '#fdae6b', '#fd8d3c', '#f16913', '#d94801', '#a63603', '#7f2704'];
const SPEED_COLOURS = ['#a50026', '#d73027', '#f46d43', '#fdae61', '#fee08b', '#d9ef8b', '#a6d96a', '#66bd63', '#1a9850'];

/** A colour scale for a metric: counts on a log scale up to max, speeds on 0..60 km/h (red slow, green fast). */
export function colourScale(metric, max) {
  if (metric === 'speed') {
    return { colours: SPEED_COLOURS, colour: v => v === null || v === undefined ? '#9ca3af' : SPEED_COLOURS[Math.max(0, Math.min(8, Math.floor(v / 60 * 9)))],
      labels: ['0', '30', '60+ km/h'] };
  }
  const top = Math.max(1, max);
  return { colours: POINT_COLOURS, colour: v => POINT_COLOURS[Math.max(0, Math.min(8, Math.floor(Math.log1p(v || 0) / Math.log1p(top) * 8.999)))],
    labels: ['1', String(Math.round(Math.sqrt(top))), String(top)] };
}

/** Fills a legend element for a scale. */
export function drawLegend(element, title, scale) {
  element.innerHTML = `<div><b>${title}</b></div><div>${scale.colours.map(c => `<span class="swatch" style="background:${c}"></span>`).join('')}</div>
    <div style="display:flex;justify-content:space-between">${scale.labels.map(l => `<span>${l}</span>`).join('')}</div>`;
}

/** Leaflet polygon options for a hexagon. */
export function hexStyle(colour) {
  return { color: '#374151', weight: 0.6, opacity: 0.7, fillColor: colour, fillOpacity: 0.55 };
}
