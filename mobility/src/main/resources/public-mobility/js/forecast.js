// Forecast: the newest backtest's accuracy per model and horizon (table and chart), predicted against actual over
// the last test day, and the model registry. Each part says "no forecasts yet" when its table does not exist.
import { api, header, showMessage, dataTable, cityTime, number } from './common.js';

header();
const $ = id => document.getElementById(id);
const config = await api('/api/mobility/config');
const COLOURS = { gbdt: '#dc2626', historical_average: '#2563eb', seasonal_naive_day: '#16a34a', seasonal_naive_week: '#65a30d', last_value: '#9ca3af' };
const HORIZON_LABELS = { 1: '10 min', 3: '30 min', 6: '1 h', 144: '1 day' };

const accuracy = await api('/api/forecast/accuracy').catch(e => ({ missing: true, message: e.message }));
let accuracyChart = null;
if (accuracy.missing) {
  showMessage($('accuracy-table'), accuracy.message);
  $('accuracy-summary').textContent = '';
} else {
  $('accuracy-summary').textContent = `${accuracy.target} per ${accuracy.level} · ${accuracy.origins} rolling origin(s), test ${cityTime(accuracy.testFrom, config.zone).slice(0, 16)} – ${cityTime(accuracy.testTo, config.zone).slice(0, 16)} · model ${accuracy.modelId}`;
  drawAccuracy();
}

function drawAccuracy() {
  const scope = $('scope').value, measure = $('measure').value;
  const index = accuracy.columns.indexOf(measure);
  const rows = accuracy.rows.filter(r => r[3] === scope);
  const horizons = [...new Set(rows.map(r => r[1]))].sort((a, b) => a - b);
  const models = [...new Set(rows.map(r => r[0]))];
  const value = (model, horizon) => { const row = rows.find(r => r[0] === model && r[1] === horizon); return row ? row[index] : null; };
  const datasets = models.map(model => ({ label: model, data: horizons.map(h => measure === 'wape' && value(model, h) !== null ? value(model, h) * 100 : value(model, h)),
    backgroundColor: COLOURS[model] || '#6b7280' }));
  const labels = horizons.map(h => HORIZON_LABELS[h] || `h${h}`);
  if (accuracyChart) accuracyChart.destroy();
  accuracyChart = new Chart($('accuracy-chart'), { type: 'bar', data: { labels, datasets },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: measure === 'wape' ? 'WAPE (%)' : measure.toUpperCase() } } } } });
  const table = dataTable(['model', 'horizon', 'WAPE %', 'MAE', 'RMSE', 'MASE', 'series'],
    rows.map(r => [r[0], r[2], r[6] === null ? null : Math.round(r[6] * 1000) / 10, r[4], r[5], r[7], r[8]]));
  $('accuracy-table').innerHTML = '';
  $('accuracy-table').appendChild(table);
  $('accuracy-table').dataset.rows = String(rows.length);
}
$('scope').addEventListener('change', () => !accuracy.missing && drawAccuracy());
$('measure').addEventListener('change', () => !accuracy.missing && drawAccuracy());

let seriesChart = null;
async function drawSeries() {
  const answer = await api(`/api/forecast/series?horizon=${$('series-horizon').value}`).catch(e => ({ missing: true, message: e.message }));
  if (answer.missing) { $('series-message').textContent = answer.message; return; }
  $('series-message').textContent = `${answer.intervals.length} slots · gbdt at ${answer.label}, band = prediction interval`;
  const labels = answer.intervals.map(t => cityTime(t, config.zone).slice(11, 16));
  if (seriesChart) seriesChart.destroy();
  seriesChart = new Chart($('series-chart'), { type: 'line', data: { labels, datasets: [
    { label: 'actual', data: answer.actual, borderColor: '#111827', pointRadius: 0 },
    { label: 'predicted (gbdt)', data: answer.predicted, borderColor: '#dc2626', pointRadius: 0 },
    { label: 'interval low', data: answer.lower, borderColor: 'rgba(220,38,38,0.25)', pointRadius: 0, fill: false, borderDash: [4, 4] },
    { label: 'interval high', data: answer.upper, borderColor: 'rgba(220,38,38,0.25)', backgroundColor: 'rgba(220,38,38,0.08)', pointRadius: 0, fill: '-1', borderDash: [4, 4] },
  ] }, options: { animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false }, scales: { y: { beginAtZero: true } } } });
}
$('series-horizon').addEventListener('change', drawSeries);
await drawSeries();

const models = await api('/api/forecast/models').catch(e => ({ missing: true, message: e.message }));
if (models.missing) showMessage($('models'), models.message);
else { $('models').appendChild(dataTable(models.columns, models.rows)); }
$('models').dataset.loaded = 'true';
