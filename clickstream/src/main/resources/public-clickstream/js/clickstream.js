// Clickstream: KPI tiles, sessions and purchases per hour, the funnel, top sources and products, recent purchases and
// data quality for one UTC day, from the /api/clickstream/... endpoints. Each part says "no data yet" on its own.
import { api, header, number, dataTable, showMessage } from './common.js';

header();
const $ = id => document.getElementById(id);
let hourlyChart = null;
let funnelChart = null;
// the latest day until the user picks one
let pinnedDay = null;

const percent = value => value === null || value === undefined ? '–' : `${number(value * 100, 1)} %`;
const withDay = (path, day) => day ? `${path}${path.includes('?') ? '&' : '?'}day=${encodeURIComponent(day)}` : path;
const load = path => api(path).catch(e => ({ failed: true, message: e.message }));
const problem = answer => answer.missing ? answer.message : answer.failed ? answer.message : null;

function fillDays(days, day) {
  const select = $('day');
  if (Array.from(select.options).map(o => o.value).join(',') !== days.join(',')) {
    select.innerHTML = days.map(d => `<option value="${d}">${d}</option>`).join('');
  }
  if (day) select.value = day;
}

function kpis(summary) {
  $('kpi-sessions').textContent = number(summary.sessions);
  $('kpi-conversion').textContent = percent(summary.conversionRate);
  $('kpi-purchases').textContent = number(summary.purchases);
  $('kpi-items').textContent = number(summary.items);
  $('kpi-visitors').textContent = number(summary.visitors);
  $('kpi-page-views').textContent = number(summary.pageViews);
  for (const [id, value] of [['kpi-sessions', summary.sessions], ['kpi-conversion', summary.conversionRate],
    ['kpi-purchases', summary.purchases], ['kpi-items', summary.items], ['kpi-visitors', summary.visitors], ['kpi-page-views', summary.pageViews]]) {
    $(id).dataset.value = value === null || value === undefined ? '' : String(value);
  }
}

function hourly(answer) {
  const why = problem(answer);
  if (why) { showMessage($('hourly-message'), why); return; }
  $('hourly-message').innerHTML = '';
  const data = {
    labels: answer.hours,
    datasets: [
      { label: 'sessions', data: answer.sessions, backgroundColor: '#60a5fa', yAxisID: 'y' },
      { label: 'purchases', data: answer.purchases, type: 'line', borderColor: '#16a34a', backgroundColor: '#16a34a', yAxisID: 'y1' },
    ],
  };
  if (hourlyChart) { hourlyChart.data = data; hourlyChart.update(); return; }
  hourlyChart = new Chart($('hourly-chart'), {
    type: 'bar', data,
    options: { animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'sessions' } },
        y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'purchases' } } } },
  });
}

function funnel(answer) {
  const why = problem(answer);
  if (why) { showMessage($('funnel-message'), why); return; }
  $('funnel-message').innerHTML = '';
  const steps = answer.steps || [];
  const data = { labels: steps.map(s => s.step), datasets: [{ label: 'sessions reaching the step', data: steps.map(s => s.sessions), backgroundColor: '#f97316' }] };
  if (funnelChart) { funnelChart.data = data; funnelChart.update(); }
  else funnelChart = new Chart($('funnel-chart'), { type: 'bar', data, options: { animation: false, maintainAspectRatio: false, indexAxis: 'y' } });
  const table = $('funnel-table');
  table.innerHTML = '';
  table.appendChild(dataTable(['step', 'sessions', 'from the step before'], steps.map(s => [s.step, s.sessions, s.rate === null ? '' : percent(s.rate)])));
}

function rowsTable(element, answer, columns, row) {
  const why = problem(answer);
  if (why) { showMessage(element, why); return; }
  element.innerHTML = '';
  if (!answer.rows.length) { showMessage(element, 'nothing on this day'); return; }
  element.appendChild(dataTable(columns, answer.rows.map(row)));
}

function quality(answer) {
  const element = $('quality-table');
  const why = problem(answer);
  if (why) { showMessage(element, why); return; }
  element.innerHTML = '';
  const figures = Object.entries(answer.figures || {});
  if (!figures.length) { showMessage(element, 'nothing on this day'); return; }
  element.appendChild(dataTable(['figure', 'count'], figures.map(([name, value]) => [name.replaceAll('_', ' '), value])));
}

async function refresh() {
  const chosen = pinnedDay;
  const summary = await load(withDay('/api/clickstream/summary', chosen));
  const why = problem(summary);
  if (why) {
    $('message').textContent = why;
    $('clickstream').dataset.loaded = 'true';
    return;
  }
  $('message').textContent = summary.day ? '' : 'no sessions yet';
  fillDays(summary.days, summary.day);
  kpis(summary);
  const day = summary.day;
  const [hours, steps, sources, products, purchases, checks] = await Promise.all([
    load(withDay('/api/clickstream/hourly', day)), load(withDay('/api/clickstream/funnel', day)),
    load(withDay('/api/clickstream/sources', day)), load(withDay('/api/clickstream/products', day)),
    load('/api/clickstream/purchases'), load(withDay('/api/clickstream/quality', day)),
  ]);
  hourly(hours);
  funnel(steps);
  rowsTable($('sources-table'), sources, ['source', 'medium', 'campaign', 'sessions', 'purchases', 'conversion'],
    r => [r.source, r.medium, r.campaign, r.sessions, r.purchases, percent(r.conversionRate)]);
  rowsTable($('products-table'), products, ['product', 'adds', 'purchases', 'quantity'], r => [r.product, r.adds, r.purchases, r.quantity]);
  rowsTable($('purchases-table'), purchases, ['time (UTC)', 'visitor', 'items', 'products', 'empty cart'],
    r => [r.ts.replace('T', ' ').replace('Z', ''), r.clickId, r.items, r.products || '', r.emptyCart ? 'yes' : '']);
  quality(checks);
  $('clickstream').dataset.loaded = 'true';
  $('clickstream').dataset.day = day || '';
}

$('day').addEventListener('change', () => { pinnedDay = $('day').value || null; refresh(); });
$('refresh').addEventListener('click', refresh);
await refresh();
setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, 15000);
