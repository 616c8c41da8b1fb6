// Work-order board: every work order in a column by status, newest first, with its progress;
// roles that may update work orders release the created ones from here.
import { api, list } from '/ui/api.js';
import { h, show, errorLine, report } from '/ui/dom.js';

export const id = 'board';
export const title = 'Work orders';
export const categories = ['workOrder', 'operation', 'gap'];
export function visible(context) { return context.can('Work Orders', 'R'); }

const COLUMNS = [['Created', 'Created'], ['Released', 'Released'], ['InProgress', 'In progress'], ['OnHold', 'On hold'],
                 ['Completed', 'Completed'], ['Closed', 'Closed'], ['Cancelled', 'Cancelled']];
const SHOWN = 30;

export async function render(root, context, { refresh }) {
  const orders = await list('/workorders?sort=-createdAt');
  const failure = errorLine('board-error');
  const columns = COLUMNS.map(([status, label]) => {
    const members = orders.filter((o) => o.status === status);
    return h('section', { class: 'column', 'data-column': status, 'aria-labelledby': `col-${status}` },
      h('h2', { id: `col-${status}` }, label, h('span', {}, String(members.length))),
      members.slice(0, SHOWN).map((order) => card(order, context, failure, refresh)),
      members.length > SHOWN ? h('p', { class: 'note' }, `and ${members.length - SHOWN} more`) : null);
  });
  show(root, h('h1', {}, 'Work-order board'), failure, h('div', { class: 'board' }, columns));
}

function card(order, context, failure, refresh) {
  const done = order.operations.filter((o) => o.status === 'Completed').length;
  const running = order.operations.filter((o) => o.status === 'InProgress');
  return h('article', { class: `card priority-${order.priority}`, 'data-order': order.id },
    h('div', { class: 'id' }, order.id),
    h('div', {}, `${order.partNumber} rev ${order.revision} × ${order.quantity}`),
    h('div', { class: 'note' }, `${order.priority}${order.targetDate ? ` · due ${order.targetDate}` : ''}`),
    order.operations.length ? h('div', { class: 'note' }, `${done}/${order.operations.length} operations done`) : null,
    running.length ? h('div', { class: 'note' }, `running: ${running.map((o) => `${o.serial} op ${o.operationNumber} on ${o.equipmentId}`).join(', ')}`) : null,
    order.status === 'Created' && context.can('Work Orders', 'U')
      ? h('button', { type: 'button', id: `release-${order.id}`, onclick: async (event) => {
          event.target.disabled = true;
          try { await api(`/workorders/${encodeURIComponent(order.id)}/release`, { method: 'POST' }); report(failure, null); await refresh(); }
          catch (error) { report(failure, error); event.target.disabled = false; }
        } }, 'Release')
      : null);
}
