// Traffic: the 10-minute series with its daily profile, the hexagon heat map by hour of day, clusters, and the
// trips, stops and origin-destination tables. Each part says "no data yet" when its table does not exist.
import { api, header, showMessage, dataTable, cityTime, number } from './common.js';
import { createMap, colourScale, drawLegend, hexStyle } from './hexmap.js';

header();
const $ = id => document.getElementById(id);
const config = await api('/api/mobility/config');

function lineChart(canvas, labels, datasets, rightAxis) {
  return new Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
      elements: { point: { radius: 0 } },
      scales: rightAxis ? {
        y: { position: 'left', beginAtZero: true, title: { display: true, text: 'points' } },
        y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'vehicles' } },
        y2: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'km/h' } },
      } : { y: { beginAtZero: true } },
    },
  });
}

const series = await api('/api/traffic/series').catch(e => ({ missing: true, message: e.message }));
if (series.missing) {
  showMessage($('series-message'), series.message);
  showMessage($('profile-chart').parentElement, series.message);
} else {
  const labels = series.series.intervals.map(t => cityTime(t, config.zone).slice(0, 16));
  lineChart($('series-chart'), labels, [
    { label: 'points', data: series.series.points, borderColor: '#f97316', yAxisID: 'y' },
    { label: 'active vehicles', data: series.series.vehicles, borderColor: '#2563eb', yAxisID: 'y1' },
    { label: 'mean speed (km/h)', data: series.series.meanSpeedKmh, borderColor: '#16a34a', yAxisID: 'y2' },
  ], true);
  lineChart($('profile-chart'), series.profile.times.map(t => t.slice(0, 5)), [
    { label: 'points', data: series.profile.points, borderColor: '#f97316', yAxisID: 'y' },
    { label: 'active vehicles', data: series.profile.vehicles, borderColor: '#2563eb', yAxisID: 'y1' },
    { label: 'mean speed (km/h)', data: series.profile.meanSpeedKmh, borderColor: '#16a34a', yAxisID: 'y2' },
  ], true);
}

// ---- heat map ----
const map = createMap('heatmap', config, { notice: $('heat-notice') });
const hexLayer = L.layerGroup().addTo(map);
const clusterLayer = L.layerGroup().addTo(map);
const legend = L.control({ position: 'bottomright' });
legend.onAdd = () => { const d = L.DomUtil.create('div', 'overlay'); d.id = 'heat-legend'; d.style.position = 'static'; return d; };
legend.addTo(map);
let hoursChart = null, heat = null, hourRequests = 0;

async function loadHour() {
  const hour = Number($('hour').value);
  const request = ++hourRequests;
  $('hour-label').textContent = `${String(hour).padStart(2, '0')}:00`;
  const answer = await api(`/api/traffic/heatmap?hour=${hour}`).catch(e => ({ missing: true, message: e.message }));
  // answers can arrive out of order: an older hour's must not replace the one asked for last
  if (request !== hourRequests) return;
  heat = answer;
  if (heat.missing) { $('heat-message').textContent = heat.message; return; }
  drawHeat();
  if (!hoursChart) {
    hoursChart = new Chart($('hours-chart'), { type: 'bar', data: { labels: heat.hours.map(h => `${h[0]}h`), datasets: [{ label: 'points by hour of day', data: heat.hours.map(h => h[1]), backgroundColor: '#fd8d3c' }] },
      options: { animation: false, maintainAspectRatio: false } });
  }
}

function drawHeat() {
  hexLayer.clearLayers();
  const metric = $('heat-metric').value;
  const scale = colourScale(metric, Math.max(1, ...heat.cells.map(c => c[1])));
  for (const c of heat.cells) {
    const outline = heat.boundaries[c[0]];
    hexLayer.addLayer(L.polygon(outline, hexStyle(scale.colour(metric === 'speed' ? c[2] : c[1])))
      .bindTooltip(`${c[0]}<br>${number(c[1])} points<br>${c[2] === null ? 'no speed' : number(c[2], 1) + ' km/h'}`));
  }
  $('heatmap').dataset.hexagons = String(heat.cells.length);
  $('heat-message').textContent = `${heat.cells.length} cells`;
  drawLegend($('heat-legend'), metric === 'speed' ? 'mean speed' : 'points', scale);
}

$('hour').addEventListener('change', loadHour);
$('hour').addEventListener('input', () => { $('hour-label').textContent = `${String($('hour').value).padStart(2, '0')}:00`; });
$('heat-metric').addEventListener('change', () => heat && !heat.missing && drawHeat());
$('show-clusters').addEventListener('change', e => e.target.checked ? map.addLayer(clusterLayer) : map.removeLayer(clusterLayer));
await loadHour();

// ---- analytics tables: trips, stops, OD, clusters, speed by hour ----
const analytics = await api('/api/traffic/tables').catch(e => ({ tables: [], error: e.message }));
const container = $('analytics');
if (analytics.error) showMessage(container, analytics.error, true);
for (const table of analytics.tables) {
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.innerHTML = `<h2>${table.name}</h2>`;
  const body = document.createElement('div');
  panel.appendChild(body);
  container.appendChild(panel);
  if (table.missing) { showMessage(body, table.message); continue; }
  const note = document.createElement('div');
  note.className = 'notice';
  note.textContent = `${number(table.totalRows)} rows${table.totalRows > table.rows.length ? `, first ${table.rows.length} shown` : ''}`;
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.appendChild(dataTable(table.columns, table.rows));
  body.append(note, scroll);
  if (table.name === 'mart.clusters') drawClusters(table);
}

/** Clusters on the heat map when the table has centre coordinates (any columns named like lat/lon). */
function drawClusters(table) {
  const find = (...names) => table.columns.findIndex(c => names.some(n => c.toLowerCase().includes(n)));
  const lat = find('lat'), lon = find('lon', 'lng'), size = find('size', 'count', 'points'), radius = find('radius');
  if (lat < 0 || lon < 0) return;
  for (const row of table.rows) {
    if (row[lat] === null || row[lon] === null) continue;
    const r = radius >= 0 && row[radius] ? Number(row[radius]) : 150;
    clusterLayer.addLayer(L.circle([row[lat], row[lon]], { radius: r, color: '#7c3aed', weight: 2, fillOpacity: 0.1 })
      .bindTooltip(`cluster${size >= 0 ? ` · ${row[size]} members` : ''}`));
  }
}
