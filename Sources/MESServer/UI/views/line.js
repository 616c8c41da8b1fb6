// Line view: every machine by work centre with its state, current job, lockout and alarms;
// each work centre's queue (serials whose next operation waits there); recent alarms.
import { api, list } from '/ui/api.js';
import { h, show, time } from '/ui/dom.js';
import { activeOrders, nextOperations, byWorkCenter } from '/ui/data.js';

export const id = 'line';
export const title = 'Line';
export const categories = ['equipment', 'operation', 'workOrder', 'maintenance', 'alarm', 'gap'];
export function visible(context) { return context.can('Equipment', 'R'); }

export async function render(root, context) {
  const machines = (await list('/equipment?sort=id')).sort((a, b) => a.workCenter.localeCompare(b.workCenter) || a.id.localeCompare(b.id));
  const [statuses, orders] = await Promise.all([
    Promise.all(machines.map((m) => api(`/equipment/${encodeURIComponent(m.id)}/status`).catch((error) => ({ id: m.id, error })))),
    context.can('Work Orders', 'R') ? activeOrders() : Promise.resolve([]),
  ]);
  const status = new Map(statuses.map((s) => [s.id, s]));
  const queues = byWorkCenter(nextOperations(orders).filter((n) => n.ready), (n) => n.operation.workCenter);
  const centres = byWorkCenter(machines, (m) => m.workCenter);
  const counts = {};
  for (const m of machines) counts[status.get(m.id)?.state || m.state] = (counts[status.get(m.id)?.state || m.state] || 0) + 1;

  const sections = [...centres].map(([centre, members]) => {
    const queue = queues.get(centre) || [];
    return h('section', { class: 'workcenter', 'aria-labelledby': `wc-${centre}` },
      h('h2', { id: `wc-${centre}` }, centre,
        h('span', { class: 'queue', 'data-queue': centre }, `queue: ${queue.length}`,
          queue.length ? ` — ${queue.slice(0, 6).map((n) => `${n.serial} op ${n.operation.operationNumber}`).join(', ')}${queue.length > 6 ? ', …' : ''}` : '')),
      h('div', { class: 'grid' }, members.map((machine) => card(machine, status.get(machine.id)))));
  });
  const alarms = context.alarms.slice(0, 8);
  show(root,
    h('h1', {}, 'Line view'),
    h('p', { class: 'kv', 'aria-label': 'Machines by state' }, Object.entries(counts).sort().map(([state, n]) => h('span', {}, h('span', { class: `state ${state}` }, state), ` ${n}`))),
    alarms.length ? h('section', { class: 'panel', 'aria-labelledby': 'alarms-title' }, h('h2', { id: 'alarms-title' }, 'Recent alarms'),
      h('ul', {}, alarms.map((a) => h('li', { class: 'alarm' }, `${time(a.time)} ${a.type.replace('alarm.', '')}: ${a.message || ''}`)))) : null,
    machines.length ? sections : h('p', { class: 'note' }, 'No equipment is registered in the MES.'));
}

function card(machine, status) {
  if (status?.error) {
    return h('article', { class: 'machine', 'data-machine': machine.id, 'data-state': machine.state },
      h('header', {}, machine.id, h('span', { class: `state ${machine.state}` }, machine.state)), h('div', { class: 'error' }, status.error.message));
  }
  const state = status?.state || machine.state;
  const report = status?.machine;
  const alarms = (report?.alarms || []).filter((a) => a.active);
  return h('article', { class: 'machine', 'data-machine': machine.id, 'data-state': state, 'aria-label': `${machine.id}: ${state}` },
    h('header', {}, machine.id, h('span', { class: `state ${state}` }, state)),
    h('dl', {},
      h('dt', {}, 'Job'), h('dd', { 'data-job': machine.id }, status?.runningOperation || '—'),
      status?.lockout ? [h('dt', {}, 'Lockout'), h('dd', { class: 'alarm' }, status.lockout)] : null,
      report ? [h('dt', {}, 'Parts'), h('dd', {}, `${report.partsGood} good, ${report.partsBad} bad`)] : null,
      status?.preventiveMaintenanceDue ? [h('dt', {}, 'PM due'), h('dd', {}, time(status.preventiveMaintenanceDue))] : null),
    alarms.length ? h('ul', {}, alarms.map((a) => h('li', { class: 'alarm' }, `${a.severity} ${a.code}: ${a.text}`))) : null);
}
