// Health: the lake's raw tables, the ingest's lag per topic and partition, and each domain's own figures, read every
// five seconds from /api/health (the shell knows no domain: their figures are shown as they come).
import { api, header, number, showMessage, cityTime, dataTable } from './common.js';

header();
const $ = id => document.getElementById(id);
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const small = (canvas, type, label, colour) => new Chart(canvas, {
  type, data: { labels: [], datasets: [{ label, data: [], borderColor: colour, backgroundColor: colour, pointRadius: 0 }] },
  options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
});
const rateChart = small($('rate-chart'), 'line', 'rows/s', '#f16913');
const lagChart = small($('lag-chart'), 'bar', 'lag', '#2563eb');
const commitChart = small($('commit-chart'), 'bar', 'rows', '#16a34a');

/** Flattens a domain's figures into [name, value] rows: nested objects as dotted names. */
function rows(prefix, value, out) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) rows(prefix ? `${prefix}.${key}` : key, inner, out);
  } else {
    out.push([prefix, Array.isArray(value) ? JSON.stringify(value) : value]);
  }
  return out;
}

async function refresh() {
  try {
    const health = await api('/api/health');
    $('health-error').innerHTML = '';
    const lake = health.lake || {};
    const raw = lake.rawTables || [];
    $('h-ingest').textContent = lake.rowsPerSecond === undefined ? '–' : number(lake.rowsPerSecond);
    $('h-rows').textContent = lake.rows === undefined ? '–' : number(lake.rows);
    $('h-rejected').textContent = number(raw.filter(t => t.name.endsWith('_rejected')).reduce((sum, t) => sum + t.rows, 0));
    $('h-commit').textContent = lake.lastCommit ? cityTime(lake.lastCommit, zone) : '–';
    const kafka = health.kafka || {};
    const lag = kafka.ingestLag || {};
    const partitions = Object.entries(lag).flatMap(([topic, byPartition]) => Object.entries(byPartition).map(([p, v]) => [`${topic}/${p}`, v]));
    $('h-kafka').innerHTML = kafka.ingestLag ? '<span class="badge ok">connected</span>'
      : `<span class="badge bad">${kafka.lastError || 'not connected'}</span>`;
    $('h-lag').textContent = kafka.ingestLag ? number(partitions.reduce((sum, [, v]) => sum + v, 0)) : '–';
    lagChart.data.labels = partitions.map(([name]) => name);
    lagChart.data.datasets[0].data = partitions.map(([, v]) => v);
    lagChart.update('none');
    rateChart.data.labels.push(new Date().toLocaleTimeString('en-GB'));
    rateChart.data.datasets[0].data.push(lake.rowsPerSecond || 0);
    if (rateChart.data.labels.length > 120) { rateChart.data.labels.shift(); rateChart.data.datasets[0].data.shift(); }
    rateChart.update('none');
    const commits = raw.filter(t => !t.name.endsWith('_rejected')).flatMap(t => t.commits || [])
      .sort((a, b) => a[0].localeCompare(b[0])).slice(-60);
    commitChart.data.labels = commits.map(c => new Date(c[0]).toLocaleTimeString('en-GB'));
    commitChart.data.datasets[0].data = commits.map(c => c[1]);
    commitChart.update('none');
    $('raw-tables').replaceChildren(dataTable(['table', 'rows', 'rows/s (1 min)', 'last commit'],
      raw.map(t => [t.name, t.rows, t.rowsPerSecond, t.lastCommit ? cityTime(t.lastCommit, zone) : null])));
    const domains = Object.entries(health.domains || {});
    $('domain-health').replaceChildren(...domains.map(([name, figures]) => {
      const section = document.createElement('div');
      section.innerHTML = `<h3>${name}</h3>`;
      section.appendChild(dataTable(['figure', 'value'], rows('', figures, [])));
      return section;
    }));
  } catch (e) {
    showMessage($('health-error'), e.message, true);
  }
}
await refresh();
setInterval(refresh, 5000);
