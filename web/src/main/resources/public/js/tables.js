// Tables: the lake's tables with rows, files, size and snapshots; a click shows schema and snapshot history.
import { api, header, dataTable, showMessage, bytes, number, escapeHtml } from './common.js';

header();
const $ = id => document.getElementById(id);
const listing = await api('/api/tables').catch(e => ({ error: e.message }));
if (listing.error || listing.missing) {
  showMessage($('tables'), listing.error || listing.message, !!listing.error);
} else if (listing.tables.length === 0) {
  showMessage($('tables'), 'no tables yet: run urbanflow ingest (or urbanflow demo)');
} else {
  const rows = listing.tables.map(t => [t.name, t.rows, t.files, bytes(t.bytes), t.snapshots, t.lastCommit || '–']);
  $('tables').appendChild(dataTable(['table', 'rows', 'files', 'size', 'snapshots', 'last commit (UTC)'], rows, { onRowClick: row => show(row[0]) }));
  const wanted = new URLSearchParams(location.search).get('table');
  if (wanted) show(wanted);
}

async function show(name) {
  const detail = await api(`/api/tables/${encodeURIComponent(name)}`).catch(e => ({ error: e.message }));
  const container = $('detail');
  container.innerHTML = '';
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.innerHTML = `<h2>${escapeHtml(name)}</h2>`;
  container.appendChild(panel);
  if (detail.error || detail.missing) { const d = document.createElement('div'); panel.appendChild(d); showMessage(d, detail.error || detail.message, !!detail.error); return; }
  const facts = document.createElement('div');
  facts.className = 'notice';
  facts.textContent = `${number(detail.rows)} rows in ${number(detail.files)} files (${bytes(detail.bytes)}); partitioning ${detail.partitioning.replace(/\s+/g, ' ')}`;
  panel.appendChild(facts);
  const schemaTitle = document.createElement('h2'); schemaTitle.textContent = 'Schema'; panel.appendChild(schemaTitle);
  panel.appendChild(dataTable(['id', 'column', 'type', 'required'], detail.columns.map(c => [c.id, c.name, c.type, c.required ? 'yes' : 'no'])));
  const snapTitle = document.createElement('h2'); snapTitle.textContent = `Snapshots (${detail.snapshotList.length})`; panel.appendChild(snapTitle);
  const scroll = document.createElement('div'); scroll.className = 'scroll';
  scroll.appendChild(dataTable(['snapshot', 'parent', 'committed (UTC)', 'operation', 'added rows', 'total rows'],
    detail.snapshotList.map(s => [s.id, s.parentId || '–', s.committedAt, s.operation, s.addedRows, s.totalRows])));
  panel.appendChild(scroll);
}
