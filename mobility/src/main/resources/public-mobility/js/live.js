// Live map: vehicles and H3 hexagons pushed over the /live WebSocket (no polling), and a time slider that replays
// a past window from the lake.
import { api, header, number, cityTime, liveSocket } from './common.js';
import { createMap, colourScale, drawLegend, hexStyle } from './hexmap.js';

header();
const config = await api('/api/mobility/config');
const $ = id => document.getElementById(id);
const map = createMap('map', config, { notice: $('map-notice') });
const liveLayer = L.layerGroup().addTo(map);
const vehicleLayer = L.layerGroup().addTo(map);
const replayLayer = L.layerGroup();

const boundaries = new Map();   // cell -> [[lat, lon], ...], kept across removals
const cells = new Map();        // cell -> {figures: [cell, points, vehicles, speed], polygon}
const vehicles = new Map();     // id -> circle marker
let mode = 'live';
let totals = {};
let fitted = false;
let forecastDrawn = 0;    // cells the forecast layer shows
map.on('dragstart zoomstart', () => { if (cells.size > 0) fitted = true; });

// Exposed for browser tests and curious users.
window.urbanflow = { get cells() { return cells.size; }, get vehicles() { return vehicles.size; }, get totals() { return totals; }, get mode() { return mode; },
  get forecastCells() { return forecastDrawn; } };

function metricValue(figures) {
  const metric = $('metric').value;
  return metric === 'speed' ? figures[3] : metric === 'vehicles' ? figures[2] : figures[1];
}

function scaleFor(figureList) {
  const metric = $('metric').value;
  let max = 1;
  for (const f of figureList) max = Math.max(max, metric === 'vehicles' ? f[2] : f[1]);
  return colourScale(metric, max);
}

function restyle() {
  const scale = scaleFor([...cells.values()].map(c => c.figures));
  for (const cell of cells.values()) cell.polygon.setStyle(hexStyle(scale.colour(metricValue(cell.figures))));
  drawLegend($('legend'), $('metric').selectedOptions[0].text + ` · last ${config.recentMinutes} min`, scale);
  $('map').dataset.hexagons = String(cells.size);
}

function vehicleMarker(v) {
  return L.circleMarker([v[1], v[2]], { radius: 3, color: '#1d4ed8', weight: 1, fillColor: '#3b82f6', fillOpacity: 0.9 })
    .bindTooltip(() => `${v[0]}<br>${v[4] === null ? '' : number(v[4], 1) + ' km/h'}`);
}

function apply(message) {
  if (message.boundaries) for (const [cell, outline] of Object.entries(message.boundaries)) boundaries.set(cell, outline);
  if (message.type === 'snapshot') {
    liveLayer.clearLayers(); vehicleLayer.clearLayers(); cells.clear(); vehicles.clear();
  }
  for (const id of message.removedVehicles) { const m = vehicles.get(id); if (m) { vehicleLayer.removeLayer(m); vehicles.delete(id); } }
  for (const id of message.removedCells) { const c = cells.get(id); if (c) { liveLayer.removeLayer(c.polygon); cells.delete(id); } }
  for (const v of message.vehicles) {
    const marker = vehicles.get(v[0]);
    if (marker) { marker.setLatLng([v[1], v[2]]); marker.setTooltipContent(`${v[0]}<br>${v[4] === null ? '' : number(v[4], 1) + ' km/h'}`); }
    else { const m = vehicleMarker(v); vehicles.set(v[0], m); vehicleLayer.addLayer(m); }
  }
  for (const f of message.cells) {
    const existing = cells.get(f[0]);
    if (existing) { existing.figures = f; continue; }
    const outline = boundaries.get(f[0]);
    if (!outline) continue;
    const polygon = L.polygon(outline, hexStyle('#fdae6b')).bindTooltip(() => {
      const c = cells.get(f[0]);
      return c ? `${f[0]}<br>${c.figures[1]} points · ${c.figures[2]} vehicles<br>${c.figures[3] === null ? 'no speed' : number(c.figures[3], 1) + ' km/h'}` : f[0];
    });
    cells.set(f[0], { figures: f, polygon });
    liveLayer.addLayer(polygon);
  }
  if (!fitted && cells.size > 0) {
    // once, to the first data seen; after that the user's pan and zoom are left alone
    fitted = true;
    map.fitBounds(L.featureGroup([...cells.values()].map(c => c.polygon)).getBounds(), { maxZoom: 14, padding: [20, 20] });
  }
  totals = message.totals;
  $('live-points').textContent = number(totals.points);
  $('live-rate').textContent = number(totals.pointsPerSecond);
  $('live-vehicles').textContent = number(totals.vehicles);
  $('live-cells').textContent = number(totals.cells);
  $('live-clock').textContent = totals.watermark ? cityTime(totals.watermark / 1000, config.zone) : '–';
  if (message.cells.length || message.removedCells.length || message.type === 'snapshot') restyle();
}

liveSocket(message => { if (message.type === 'snapshot' || message.type === 'update') apply(message); },
  up => { $('status').innerHTML = up ? (config.live ? 'live <span class="badge ok">connected</span>' : 'live <span class="badge">no broker</span>')
    : 'live <span class="badge bad">reconnecting</span>'; });

$('metric').addEventListener('change', () => { if (mode === 'live') restyle(); else drawReplay(lastReplay); });
$('show-vehicles').addEventListener('change', e => { if (e.target.checked && mode === 'live') map.addLayer(vehicleLayer); else map.removeLayer(vehicleLayer); });

// ---- forecast layer: predicted points per cell 10, 30 and 60 minutes ahead, beside the actual counts ----
const FORECAST_HORIZONS = [1, 3, 6];
const FORECAST_LABELS = ['10 min', '30 min', '1 h'];
const forecastLayer = L.layerGroup();
let forecast = null, forecastFitted = false;

async function loadForecast() {
  $('forecast-note').textContent = 'loading…';
  forecast = await api('/api/forecast/map').catch(e => ({ missing: true, message: e.message }));
  if (forecast.missing) { $('forecast-note').textContent = forecast.message; return; }
  $('forecast-horizon').disabled = false; $('forecast-show').disabled = false;
  drawForecast();
}

function drawForecast() {
  forecastLayer.clearLayers();
  const index = Number($('forecast-horizon').value);
  const horizon = FORECAST_HORIZONS[index];
  $('forecast-horizon-label').textContent = FORECAST_LABELS[index];
  const rows = forecast.cells[String(horizon)] || [];
  const showActual = $('forecast-show').value === 'actual';
  const scale = colourScale('points', Math.max(1, ...rows.map(r => Math.max(r[1] || 0, r[4] || 0))));
  for (const [cell, predicted, lower, upper, actual] of rows) {
    const outline = forecast.boundaries[cell];
    if (!outline) continue;
    const value = showActual ? actual : predicted;
    forecastLayer.addLayer(L.polygon(outline, hexStyle(value === null ? '#e5e7eb' : scale.colour(value)))
      .bindTooltip(`${cell}<br>predicted ${number(predicted, 1)} [${number(lower, 1)}, ${number(upper, 1)}]<br>actual ${actual === null ? 'not yet' : number(actual, 1)}`));
  }
  forecastDrawn = rows.length;
  if (!forecastFitted && rows.length > 0 && cells.size === 0) {
    // nothing live to look at: show where the forecast is, once
    forecastFitted = true;
    map.fitBounds(L.featureGroup(forecastLayer.getLayers()).getBounds(), { maxZoom: 14, padding: [20, 20] });
  }
  $('map').dataset.forecastCells = String(rows.length);
  const target = new Date(Date.parse(forecast.origin) + (horizon + 1) * 600000);
  $('forecast-note').textContent = `${forecast.kind === 'forecast' ? 'forecast' : 'backtest'} from ${cityTime(forecast.origin, config.zone)} · ${rows.length} cells · slot ending ${cityTime(target.getTime(), config.zone).slice(11, 16)}`;
  drawLegend($('legend'), `${showActual ? 'actual' : 'predicted'} points · ${FORECAST_LABELS[index]} ahead`, scale);
}

$('show-forecast').addEventListener('change', async e => {
  if (e.target.checked) { map.addLayer(forecastLayer); if (!forecast) await loadForecast(); else if (!forecast.missing) drawForecast(); }
  else { map.removeLayer(forecastLayer); forecastDrawn = 0; $('forecast-note').textContent = ''; restyle(); }
});
$('forecast-horizon').addEventListener('input', () => forecast && !forecast.missing && drawForecast());
$('forecast-show').addEventListener('change', () => forecast && !forecast.missing && drawForecast());

// ---- time slider: replays the N minutes before a chosen instant from raw.gps_points ----
const STEP_MS = 10 * 60 * 1000;
let range = null, lastReplay = null, sliderTimer = null;
try {
  range = await api('/api/replay/range');
  if (range.missing) { $('slider-note').textContent = range.message; range = null; }
} catch (e) { $('slider-note').textContent = e.message; }
if (range) {
  const from = Date.parse(range.from), to = Date.parse(range.to);
  const steps = Math.max(1, Math.ceil((to - from) / STEP_MS));
  const slider = $('slider');
  slider.max = String(steps); slider.value = String(steps); slider.disabled = false;
  const at = () => new Date(Math.min(to + 1000, from + Number(slider.value) * STEP_MS + 1000));
  $('slider-label').textContent = cityTime(at().getTime(), config.zone);
  slider.addEventListener('input', () => {
    $('slider-label').textContent = cityTime(at().getTime(), config.zone);
    clearTimeout(sliderTimer);
    sliderTimer = setTimeout(() => replay(at()), 250);
  });
}

async function replay(at) {
  $('slider-note').textContent = 'loading…';
  try {
    lastReplay = await api(`/api/replay?at=${encodeURIComponent(at.toISOString())}&minutes=${config.recentMinutes}`);
    mode = 'replay';
    $('live-mode').textContent = 'replay'; $('live-mode').className = 'badge bad';
    $('back-live').disabled = false;
    map.removeLayer(liveLayer); map.removeLayer(vehicleLayer); map.addLayer(replayLayer);
    drawReplay(lastReplay);
    $('slider-note').textContent = `${number(lastReplay.totals.points)} points in the ${lastReplay.minutes} min before`;
  } catch (e) { $('slider-note').textContent = e.message; }
}

function drawReplay(data) {
  if (!data) return;
  replayLayer.clearLayers();
  const scale = scaleFor(data.cells);
  for (const f of data.cells) {
    const outline = data.boundaries[f[0]];
    if (outline) replayLayer.addLayer(L.polygon(outline, hexStyle(scale.colour(metricValue(f)))).bindTooltip(`${f[0]}<br>${f[1]} points`));
  }
  if ($('show-vehicles').checked) for (const v of data.vehicles) replayLayer.addLayer(vehicleMarker(v));
  drawLegend($('legend'), $('metric').selectedOptions[0].text + ' · replay', scale);
  $('map').dataset.hexagons = String(data.cells.length);
}

$('back-live').addEventListener('click', () => {
  mode = 'live';
  $('live-mode').textContent = 'live'; $('live-mode').className = 'badge';
  $('back-live').disabled = true;
  map.removeLayer(replayLayer); map.addLayer(liveLayer);
  if ($('show-vehicles').checked) map.addLayer(vehicleLayer);
  restyle();
  $('slider-note').textContent = '';
});
restyle();

