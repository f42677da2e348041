// SQL: read-only queries over the lake (the server's guard decides what is allowed), results as a table, CSV
// download, and a quick chart of two chosen columns.
import { api, header, dataTable, showMessage, number } from './common.js';

header();
const $ = id => document.getElementById(id);
let result = null, chart = null;

async function run() {
  const sql = $('sql').value;
  $('run').disabled = true;
  $('sql-status').textContent = 'running…';
  $('sql-error').innerHTML = '';
  try {
    result = await api('/api/sql', { sql });
    $('sql-status').textContent = `${number(result.rows.length)} rows in ${number(result.elapsedMillis)} ms` + (result.truncated ? ` — ${result.warning}` : '');
    $('result').innerHTML = '';
    $('result').appendChild(dataTable(result.columns, result.rows));
    $('result').dataset.rows = String(result.rows.length);
    $('csv').disabled = false;
    fillChartChoices();
  } catch (e) {
    $('sql-status').textContent = '';
    showMessage($('sql-error'), e.message, true);
  } finally {
    $('run').disabled = false;
  }
}

function csvValue(v) {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

$('csv').addEventListener('click', () => {
  const lines = [result.columns.map(csvValue).join(','), ...result.rows.map(r => r.map(csvValue).join(','))];
  const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url; a.download = 'urbanflow-query.csv';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

function fillChartChoices() {
  const numeric = result.columns.filter((c, i) => result.rows.some(r => typeof r[i] === 'number'));
  $('chart-x').innerHTML = result.columns.map(c => `<option>${c}</option>`).join('');
  $('chart-y').innerHTML = numeric.map(c => `<option>${c}</option>`).join('');
  if (numeric.length) $('chart-y').value = numeric.find(c => c !== result.columns[0]) || numeric[0];
  draw();
}

function draw() {
  if (chart) { chart.destroy(); chart = null; }
  if (!result || !$('chart-y').value) return;
  const x = result.columns.indexOf($('chart-x').value), y = result.columns.indexOf($('chart-y').value), type = $('chart-type').value;
  const data = type === 'scatter' ? result.rows.map(r => ({ x: r[x], y: r[y] })) : result.rows.map(r => r[y]);
  chart = new Chart($('chart'), {
    type, data: { labels: type === 'scatter' ? undefined : result.rows.map(r => String(r[x])), datasets: [{ label: result.columns[y], data, backgroundColor: '#fd8d3c', borderColor: '#f16913' }] },
    options: { animation: false, maintainAspectRatio: false, scales: type === 'scatter' ? { x: { type: 'linear', title: { display: true, text: result.columns[x] } } } : {} },
  });
}

['chart-x', 'chart-y', 'chart-type'].forEach(id => $(id).addEventListener('change', draw));
$('run').addEventListener('click', run);
$('sql').addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
