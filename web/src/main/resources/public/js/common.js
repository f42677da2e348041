// Shared helpers of every page: navigation, JSON requests, number and time formatting. Plain ES module.

/**
 * Writes the header with the navigation, which /api/pages gives (the domains' pages, then the shell's tables, SQL and
 * health pages); marks the current page.
 */
export function header() {
  const here = location.pathname === '/index.html' ? '/' : location.pathname;
  const el = document.createElement('header');
  el.innerHTML = '<span class="brand">UrbanFlow</span><nav id="nav"></nav><span class="status" id="status"></span>';
  document.body.prepend(el);
  api('/api/pages').then(({ pages }) => {
    el.querySelector('nav').innerHTML = pages.map(page =>
      `<a href="${escapeHtml(page.path)}" class="${page.path === here ? 'active' : ''}">${escapeHtml(page.title)}</a>`).join('');
  }).catch(() => {
    el.querySelector('nav').innerHTML = '<a href="/tables.html">Tables</a><a href="/sql.html">SQL</a><a href="/health.html">Health</a><a href="/runs.html">Runs</a>';
  });
}

/** GET or POST JSON; resolves to the parsed body, or throws an Error with the server's message. */
export async function api(path, body) {
  const options = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  let json;
  try { json = await response.json(); } catch (e) { throw new Error(`${path}: HTTP ${response.status}`); }
  if (!response.ok) throw new Error(json.error || `${path}: HTTP ${response.status}`);
  return json;
}

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function number(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function bytes(value) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** An instant (ISO text or epoch ms) as local wall time in the city's zone. */
export function cityTime(value, zone, withDate = true) {
  if (value === null || value === undefined) return '–';
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  const options = { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  if (withDate) Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat('sv-SE', options).format(date);
}

/** A plain HTML table of columns and rows; numbers right-aligned. */
export function dataTable(columns, rows, { onRowClick } = {}) {
  const table = document.createElement('table');
  table.className = 'data';
  table.innerHTML = `<thead><tr>${columns.map(c => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.innerHTML = row.map(v => `<td class="${typeof v === 'number' ? 'num' : ''}">${v === null ? '<span class="hint">null</span>' : escapeHtml(typeof v === 'object' ? JSON.stringify(v) : v)}</td>`).join('');
    if (onRowClick) { tr.className = 'clickable'; tr.addEventListener('click', () => onRowClick(row)); }
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}

/** Shows a hint (missing table) or an error in an element. */
export function showMessage(element, text, isError = false) {
  element.innerHTML = `<div class="${isError ? 'error' : 'hint'}">${escapeHtml(text)}</div>`;
}

/** Opens a live channel (default /live) and calls onMessage with each parsed message; reconnects after a drop. */
export function liveSocket(onMessage, onState, path = '/live') {
  let socket;
  const open = () => {
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`);
    socket.onopen = () => onState && onState(true);
    socket.onmessage = event => onMessage(JSON.parse(event.data));
    socket.onclose = () => { onState && onState(false); setTimeout(open, 1000); };
  };
  open();
  return () => socket;
}
