// Health: the stream's rate arrives over the /live WebSocket; lake and lag figures are read every five seconds.
import { api, header, number, liveSocket, showMessage, cityTime } from './common.js';

header();
const $ = id => document.getElementById(id);
const small = (canvas, type, label, colour) => new Chart(canvas, {
  type, data: { labels: [], datasets: [{ label, data: [], borderColor: colour, backgroundColor: colour, pointRadius: 0 }] },
  options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
});
const rateChart = small($('rate-chart'), 'line', 'points/s', '#f16913');
const lagChart = small($('lag-chart'), 'bar', 'lag', '#2563eb');
const commitChart = small($('commit-chart'), 'bar', 'rows', '#16a34a');
let lastRateAt = 0;

liveSocket(message => {
  const t = message.totals;
  $('h-rate').textContent = number(t.pointsPerSecond);
  $('h-live-rejected').textContent = number(t.rejected);
  const now = Date.now();
  if (now - lastRateAt >= 1000) {
    lastRateAt = now;
    rateChart.data.labels.push(new Date(now).toLocaleTimeString('en-GB'));
    rateChart.data.datasets[0].data.push(t.pointsPerSecond);
    if (rateChart.data.labels.length > 120) { rateChart.data.labels.shift(); rateChart.data.datasets[0].data.shift(); }
    rateChart.update('none');
  }
}, up => { $('status').textContent = up ? 'live connected' : 'live reconnecting'; });

async function refresh() {
  try {
    const health = await api('/api/health');
    $('health-error').innerHTML = '';
    const lake = health.lake || {};
    $('h-ingest').textContent = lake.rowsPerSecond === undefined ? '–' : number(lake.rowsPerSecond);
    $('h-rows').textContent = lake.rows === undefined ? '–' : number(lake.rows);
    $('h-rejected').textContent = lake.rejected === undefined ? '–' : number(lake.rejected);
    $('h-commit').textContent = lake.lastCommit ? cityTime(lake.lastCommit, Intl.DateTimeFormat().resolvedOptions().timeZone) : '–';
    const kafka = health.kafka;
    $('h-kafka').innerHTML = kafka.connected ? '<span class="badge ok">connected</span>' : `<span class="badge bad">${kafka.lastError || 'not connected'}</span>`;
    const lag = kafka.ingestLag || kafka.liveLag || {};
    $('h-lag').textContent = kafka.ingestLag ? number(Object.values(kafka.ingestLag).reduce((a, b) => a + b, 0)) : '–';
    lagChart.data.labels = Object.keys(lag).map(p => `partition ${p}`);
    lagChart.data.datasets[0].data = Object.values(lag);
    lagChart.data.datasets[0].label = kafka.ingestLag ? 'ingest lag' : 'live view lag';
    lagChart.update('none');
    const commits = (lake.commits || []).slice().reverse();
    commitChart.data.labels = commits.map(c => new Date(c[0]).toLocaleTimeString('en-GB'));
    commitChart.data.datasets[0].data = commits.map(c => c[1]);
    commitChart.update('none');
  } catch (e) {
    showMessage($('health-error'), e.message, true);
  }
}
await refresh();
setInterval(refresh, 5000);
