// The Runs page: a grid of tasks × runs coloured by state (as Airflow's grid view), a run's tasks, attempts and logs,
// a retry button for a finished run and a backfill form. Both buttons POST; a scheduler starts what they queue.
import { header, api, escapeHtml, dataTable, showMessage } from './common.js';

header();
const STATES = ['success', 'failed', 'upstream_failed', 'skipped', 'running', 'queued'];
document.getElementById('legend').innerHTML =
  STATES.map(state => `<span><i class="cell state-${state}"></i>${state}</span>`).join('');

function seconds(millis) {
  return millis === null || millis === undefined ? '–' : `${(millis / 1000).toFixed(1)} s`;
}

async function load() {
  const failed = document.getElementById('failed-only').checked;
  try {
    const body = await api(`/api/runs?limit=40${failed ? '&failed=true' : ''}`);
    renderGrid(body);
    renderBackfills(body.backfills);
  } catch (error) {
    showMessage(document.getElementById('runs-error'), error.message, true);
  }
}

function renderGrid({ runs, tasks }) {
  const grid = document.getElementById('grid');
  if (!runs.length) {
    grid.textContent = 'No runs yet: urbanflow pipeline run, aggregate or the scheduler record them.';
    return;
  }
  const head = runs.map(run => `<th class="run" data-run="${escapeHtml(run.runId)}" title="${escapeHtml(run.runId)} ${escapeHtml(run.state)}">`
    + `<i class="cell state-${escapeHtml(run.state)}" style="display:inline-block"></i> ${escapeHtml((run.startedAt || run.queuedAt || '').slice(5, 16))}</th>`).join('');
  const rows = tasks.map(task => `<tr><th class="task">${escapeHtml(task)}</th>` + runs.map(run => {
    const cell = run.tasks[task];
    if (!cell) return '<td><i class="cell state-none"></i></td>';
    const title = `${task}: ${cell.state}, ${cell.attempts} attempt(s), ${seconds(cell.durationMillis)}`;
    return `<td><i class="cell state-${escapeHtml(cell.state)}" data-run="${escapeHtml(run.runId)}" data-task="${escapeHtml(task)}" title="${escapeHtml(title)}"></i></td>`;
  }).join('') + '</tr>').join('');
  grid.innerHTML = `<table class="grid"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
  grid.querySelectorAll('[data-run]').forEach(element =>
    element.addEventListener('click', () => showRun(element.dataset.run, element.dataset.task)));
}

async function showRun(runId, task) {
  const detail = document.getElementById('detail');
  try {
    const run = await api(`/api/runs/${encodeURIComponent(runId)}`);
    detail.innerHTML = `<p><b>${escapeHtml(run.runId)}</b> ${escapeHtml(run.state)} · ${escapeHtml(run.trigger)}`
      + `${run.triggerKey ? ' ' + escapeHtml(run.triggerKey) : ''} · selection <code>${escapeHtml(run.selection)}</code>`
      + ` · ${seconds(run.durationMillis)}${run.windowStart ? ` · window ${escapeHtml(run.windowStart)}..${escapeHtml(run.windowEnd)}` : ''}`
      + (run.state === 'failed' || run.state === 'success' ? ' <button id="retry">Retry what did not succeed</button>' : '')
      + '</p><div id="retry-message"></div>';
    const shown = task ? run.tasks.filter(t => t.task === task) : run.tasks;
    detail.appendChild(dataTable(['task', 'state', 'attempts', 'duration', 'rows', 'snapshots', 'error'],
      shown.map(t => [t.task, t.state, `${t.attempts}/${t.maxAttempts}`, seconds(t.durationMillis), t.rowsWritten, t.snapshots, t.error || ''])));
    const attempts = run.attempts.filter(a => !task || a.task === task);
    for (const attempt of attempts) {
      const heading = document.createElement('p');
      heading.textContent = `${attempt.task} · attempt ${attempt.attempt} · ${attempt.state} · by ${attempt.holder}`;
      const log = document.createElement('pre');
      log.className = 'log';
      log.textContent = attempt.log + (attempt.error ? `\nerror: ${attempt.error}` : '');
      detail.append(heading, log);
    }
    const retry = document.getElementById('retry');
    if (retry) {
      retry.addEventListener('click', async () => {
        try {
          const queued = await api(`/api/runs/${encodeURIComponent(runId)}/retry`, {});
          showMessage(document.getElementById('retry-message'), `Run ${queued.runId} ${queued.message}`);
          load();
        } catch (error) {
          showMessage(document.getElementById('retry-message'), error.message, true);
        }
      });
    }
  } catch (error) {
    showMessage(detail, error.message, true);
  }
}

function renderBackfills(backfills) {
  const element = document.getElementById('backfills');
  element.innerHTML = '';
  if (backfills.length) {
    element.appendChild(dataTable(['backfill', 'select', 'from', 'to', 'every', 'next', 'state', 'error'],
      backfills.map(b => [b.backfillId, b.selection, b.from, b.to, b.every, b.nextStart, b.state, b.error || ''])));
  }
}

document.getElementById('backfill-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const queued = await api('/api/backfills', Object.fromEntries(form.entries()));
    showMessage(document.getElementById('backfill-message'), `Backfill ${queued.backfillId} (${queued.intervals} intervals) ${queued.message}`);
    load();
  } catch (error) {
    showMessage(document.getElementById('backfill-message'), error.message, true);
  }
});
document.getElementById('failed-only').addEventListener('change', load);
load();
setInterval(load, 10000);
