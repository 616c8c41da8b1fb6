// Maintenance view: what a maintenance technician (or a trainee left the maintenance by
// `mes train --trainees-do maintenance`) works from. The machines that need attention — broken
// down (Aborted), in maintenance, raising alarms, locked out by the MES for overdue preventive
// maintenance or calibration — with each machine's next PM and calibration dates; the open
// maintenance orders with Start and Complete (signed with the user's password, meaning
// responsibility); recently completed orders; and a form to schedule an order. Which buttons
// show follows the §5.2 Equipment permissions; the MES decides whether a step is allowed now.
import { api, list } from '/ui/api.js';
import { h, show, errorLine, report, time } from '/ui/dom.js';

export const id = 'maintenance';
export const title = 'Maintenance';
export const categories = ['maintenance', 'equipment', 'alarm', 'gap'];
export function visible(context) { return context.can('Equipment', 'U'); }

const KINDS = ['corrective', 'preventive', 'calibration'];
// The schedule form's fields and each form's last refusal, kept across the live re-renders that
// rebuild the view (an event right after a refusal would otherwise wipe its message).
const draft = { asset: '', kind: 'corrective', description: '' };
const refusals = new Map();

/** The error line `id`, showing its refusal if one is kept. */
function failureLine(id) {
  const line = errorLine(id);
  report(line, refusals.get(id) || null);
  return line;
}

/** Shows `error` on `line` (and keeps it for re-renders), or clears both. */
function refused(line, error) {
  if (error) refusals.set(line.id, error); else refusals.delete(line.id);
  report(line, error);
}

export async function render(root, context, { refresh }) {
  const [machines, scheduled, inProgress, completed] = await Promise.all([
    list('/equipment?sort=id'), list('/maintenance?status=Scheduled'), list('/maintenance?status=InProgress'),
    api('/maintenance?status=Completed&sort=-createdAt&limit=10'),
  ]);
  const statuses = await Promise.all(machines.map((m) => api(`/equipment/${encodeURIComponent(m.id)}/status`).catch((error) => ({ id: m.id, error }))));
  const open = [...inProgress, ...scheduled];
  const openFor = (asset) => open.filter((o) => o.asset.id === asset);
  for (const key of refusals.keys()) {
    if (key.startsWith('maintenance-error-') && !open.some((o) => key === `maintenance-error-${o.id}`)) refusals.delete(key);
  }
  const attention = machines.map((machine, index) => ({ machine, status: statuses[index], reasons: reasons(machine, statuses[index]) }))
    .filter((row) => row.reasons.length);
  const upcoming = statuses.filter((s) => !s.error && (s.preventiveMaintenanceDue || s.calibrationDue))
    .sort((a, b) => (nextDue(a) || '').localeCompare(nextDue(b) || ''));

  show(root, h('h1', {}, 'Maintenance'),
    h('section', { class: 'panel', 'aria-labelledby': 'attention-title' },
      h('h2', { id: 'attention-title' }, `Machines that need attention (${attention.length})`),
      attention.length ? table(['Machine', 'Work centre', 'State', 'Why', 'Open orders', ''], attention.map((row) =>
        h('tr', { 'data-attention': row.machine.id },
          h('td', {}, row.machine.id), h('td', {}, row.machine.workCenter),
          h('td', {}, h('span', { class: `state ${row.status.state || row.machine.state}` }, row.status.state || row.machine.state)),
          h('td', {}, h('ul', { class: 'reasons' }, row.reasons.map((r) => h('li', { class: r.alarm ? 'alarm' : null }, r.text)))),
          h('td', {}, openFor(row.machine.id).map((o) => h('div', {}, `${o.id} ${o.kind} (${o.status})`))),
          h('td', {}, context.can('Equipment', 'C') ? suggest(row, openFor(row.machine.id), refresh) : null))))
        : h('p', { class: 'note' }, 'No machine is down, raising an alarm or locked out for maintenance.')),
    h('section', { class: 'panel', 'aria-labelledby': 'orders-title' },
      h('h2', { id: 'orders-title' }, `Open maintenance orders (${open.length})`),
      open.length ? table(['Order', 'Asset', 'Kind', 'Description', 'Status', 'Created', 'Started', 'Action'], open.map((order) =>
        h('tr', { 'data-order': order.id, 'data-status': order.status },
          h('td', {}, order.id), h('td', {}, order.asset.id), h('td', {}, order.kind), h('td', {}, order.description),
          h('td', {}, order.status), h('td', {}, time(order.createdAt)), h('td', {}, time(order.startedAt)),
          h('td', {}, action(order, context, refresh)))))
        : h('p', { class: 'note' }, 'No maintenance order is scheduled or in progress.')),
    context.can('Equipment', 'C') ? scheduleForm(machines, refresh) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'completed-title' },
      h('h2', { id: 'completed-title' }, 'Recently completed'),
      completed.length ? table(['Order', 'Asset', 'Kind', 'Description', 'Completed', 'Signed by'], completed.map((order) =>
        h('tr', { 'data-order': order.id, 'data-status': order.status },
          h('td', {}, order.id), h('td', {}, order.asset.id), h('td', {}, order.kind), h('td', {}, order.description),
          h('td', {}, time(order.completedAt)),
          h('td', {}, order.signature ? `${order.signature.printedName} (${order.signature.meaning})` : order.completedBy || ''))))
        : h('p', { class: 'note' }, 'No maintenance order has been completed yet.')),
    h('section', { class: 'panel', 'aria-labelledby': 'due-title' },
      h('h2', { id: 'due-title' }, 'Preventive maintenance and calibration dates'),
      upcoming.length ? table(['Machine', 'PM due', 'Calibration due', 'Overdue'], upcoming.map((s) =>
        h('tr', { 'data-due': s.id },
          h('td', {}, s.id), h('td', {}, due(s.preventiveMaintenanceDue)), h('td', {}, due(s.calibrationDue)),
          overdue(s) ? h('td', { class: 'alarm' }, s.lockout) : h('td', {}, '—'))))
        : h('p', { class: 'note' }, 'No machine has a preventive-maintenance plan or a calibration interval.')));
}

/**
 * Why a machine needs a technician, from its MES status: broken down, in maintenance, active
 * alarms, or locked out for overdue PM or calibration (the MES's lockout, judged at its own
 * time). Each reason but maintenance in progress suggests an order kind.
 */
function reasons(machine, status) {
  if (status.error) return [{ text: status.error.message, alarm: true }];
  const found = [];
  if (status.state === 'Aborted') found.push({ text: 'broken down (Aborted)', kind: 'corrective', alarm: true });
  if (status.state === 'Maintenance') found.push({ text: 'in maintenance' });
  for (const alarm of (status.machine?.alarms || []).filter((a) => a.active)) {
    found.push({ text: `${alarm.severity} ${alarm.code}: ${alarm.text}`, kind: 'corrective', alarm: true });
  }
  const kind = overdue(status);
  if (kind) found.push({ text: status.lockout, kind, alarm: true });
  return found;
}

/**
 * What the MES locks an idle machine out for, 'preventive' or 'calibration', else null. An Idle
 * or Stopped machine is locked out only for an overdue PM or calibration, and when anything is
 * overdue the earlier of the two dates is: the UI needs no clock of its own (a training run's is simulated).
 */
function overdue(status) {
  if (!status.lockout || !['Idle', 'Stopped'].includes(status.state)) return null;
  const pm = status.preventiveMaintenanceDue, calibration = status.calibrationDue;
  if (pm && (!calibration || pm <= calibration)) return 'preventive';
  return calibration ? 'calibration' : null;
}

/** A button that fills the schedule form for the order a reason suggests, unless one of that kind is open already. */
function suggest(row, open, refresh) {
  const kind = row.reasons.find((r) => r.kind && !open.some((o) => o.kind === r.kind))?.kind;
  if (!kind) return null;
  return h('button', { type: 'button', class: 'secondary', id: `maintenance-suggest-${row.machine.id}`,
    onclick: () => {
      Object.assign(draft, { asset: row.machine.id, kind, description: row.reasons.find((r) => r.kind === kind).text });
      refresh();
      setTimeout(() => document.getElementById('maintenance-description')?.focus(), 50);
    } }, `Schedule ${kind}`);
}

/** Start for a scheduled order; Complete, signed with the user's password, for one in progress. */
function action(order, context, refresh) {
  if (!context.can('Equipment', 'U')) return h('span', { class: 'note' }, '—');
  const failure = failureLine(`maintenance-error-${order.id}`);
  if (order.status === 'Scheduled') {
    return h('div', {}, h('button', { type: 'button', id: `maintenance-start-${order.id}`, onclick: async (event) => {
      event.target.disabled = true;
      try {
        await api(`/maintenance/${encodeURIComponent(order.id)}/start`, { method: 'POST' });
        refused(failure, null);
        await refresh();
      } catch (error) {
        refused(failure, error);
        event.target.disabled = false;
      }
    } }, 'Start'), failure);
  }
  const password = h('input', { id: `maintenance-password-${order.id}`, type: 'password', required: true, autocomplete: 'current-password' });
  return h('form', {
    class: 'inline',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api(`/maintenance/${encodeURIComponent(order.id)}/complete`, { method: 'POST', body: { password: password.value } });
        refused(failure, null);
        await refresh();
      } catch (error) {
        refused(failure, error);
        password.value = '';
      }
    },
  },
    h('label', {}, 'Your password (e-signature)', password),
    h('button', { type: 'submit', id: `maintenance-complete-${order.id}` }, 'Complete (sign)'), failure);
}

function scheduleForm(machines, refresh) {
  const failure = failureLine('maintenance-schedule-error');
  const asset = h('input', { id: 'maintenance-asset', list: 'maintenance-assets', required: true, value: draft.asset, autocomplete: 'off',
    oninput: () => { draft.asset = asset.value; } });
  const kind = h('select', { id: 'maintenance-kind', onchange: () => { draft.kind = kind.value; } },
    KINDS.map((k) => h('option', { value: k, selected: k === draft.kind }, k)));
  const description = h('input', { id: 'maintenance-description', required: true, size: 40, value: draft.description,
    oninput: () => { draft.description = description.value; } });
  return h('section', { class: 'panel', 'aria-labelledby': 'schedule-title' },
    h('h2', { id: 'schedule-title' }, 'Schedule a maintenance order'),
    h('form', {
      class: 'inline',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await api('/maintenance', { method: 'POST', body: { assetId: asset.value.trim(), kind: kind.value, description: description.value.trim() } });
          refused(failure, null);
          Object.assign(draft, { asset: '', kind: 'corrective', description: '' });
          await refresh();
        } catch (error) { refused(failure, error); }
      },
    },
      h('label', {}, 'Machine, tool or gauge', asset),
      h('datalist', { id: 'maintenance-assets' }, machines.map((m) => h('option', { value: m.id }, `${m.workCenter} · ${m.state}`))),
      h('label', {}, 'Kind', kind),
      h('label', {}, 'Description', description),
      h('button', { type: 'submit', id: 'maintenance-schedule' }, 'Schedule')),
    failure);
}

function table(headings, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows));
}

/** The earlier of a machine's PM and calibration dates (ISO text sorts by time). */
function nextDue(status) {
  return [status.preventiveMaintenanceDue, status.calibrationDue].filter(Boolean).sort()[0];
}

/** A due date; a PM plan never carried out has no date (the MES reports the distant past): due now. */
function due(value) {
  if (!value) return '—';
  return new Date(value).getUTCFullYear() < 1000 ? 'never done: due' : time(value);
}
