// Quality view: a live individuals control chart of a characteristic (GET /api/v1/spc/…,
// drawn as inline SVG) and the NCRs not yet closed, with review, disposition and closure signed
// by the user's password (the e-signature asks for it again).
import { api } from '/ui/api.js';
import { h, s, show, errorLine, report, time } from '/ui/dom.js';
import { list } from '/ui/api.js';

export const id = 'quality';
export const title = 'Quality';
export const categories = ['ncr', 'quality', 'gap'];
export function visible(context) { return context.can('Quality Data', 'R'); }

const DISPOSITIONS = ['UseAsIs', 'Rework', 'Repair', 'Scrap', 'ReturnToVendor'];
let chosen = null;

export async function render(root, context, { refresh }) {
  const [recent, open, review, dispositioned] = await Promise.all([
    api('/inspections?sort=-createdAt&limit=300'),
    list('/ncrs?status=Open&sort=-openedAt'), list('/ncrs?status=UnderReview&sort=-openedAt'), list('/ncrs?status=Dispositioned&sort=-openedAt'),
  ]);
  const characteristics = [];
  for (const inspection of recent) {
    for (const result of inspection.results) {
      const key = `${inspection.planId}/${result.characteristicId}`;
      if (!characteristics.includes(key)) characteristics.push(key);
    }
  }
  characteristics.sort();
  if (!chosen || !characteristics.includes(chosen)) chosen = characteristics[0] || null;
  const chartPanel = h('section', { class: 'panel chart', 'aria-labelledby': 'chart-title' }, h('h2', { id: 'chart-title' }, 'Control chart'));
  if (chosen) {
    const select = h('select', { id: 'chart-characteristic', onchange: (event) => { chosen = event.target.value; refresh(); } },
      characteristics.map((key) => h('option', { value: key, selected: key === chosen }, key)));
    chartPanel.append(h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() }, h('label', {}, 'Plan / characteristic', select)));
    const [plan, characteristic] = chosen.split('/');
    try {
      chartPanel.append(chart(await api(`/spc/${encodeURIComponent(plan)}/${encodeURIComponent(characteristic)}?last=50`)));
    } catch (error) {
      chartPanel.append(h('p', { class: error.status === 422 ? 'note' : 'error' }, error.message));
    }
  } else {
    chartPanel.append(h('p', { class: 'note' }, 'No measurement has been recorded yet.'));
  }
  const ncrs = [...open, ...review, ...dispositioned];
  show(root, h('h1', {}, 'Quality'), chartPanel,
    h('section', { class: 'panel', 'aria-labelledby': 'ncr-title' },
      h('h2', { id: 'ncr-title' }, `NCRs not closed (${ncrs.length})`),
      ncrs.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['NCR', 'Subject', 'Description', 'Status', 'Opened', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ncrs.slice(0, 50).map((ncr) => h('tr', { 'data-ncr': ncr.id },
          h('td', {}, ncr.id), h('td', {}, `${ncr.subject.kind} ${ncr.subject.id}`), h('td', {}, ncr.description),
          h('td', {}, ncr.status + (ncr.disposition ? ` (${ncr.disposition})` : '')), h('td', {}, time(ncr.openedAt)),
          h('td', {}, action(ncr, context, refresh))))))
        : h('p', { class: 'note' }, 'No open NCR.')));
}

/** The signed step this user may take on the NCR now, as a small form; nothing when none. */
function action(ncr, context, refresh) {
  const quality = context.hasRole('System Administrator') || context.hasRole('Quality Engineer');
  let step = null;
  if (ncr.status === 'Open' && context.can('Quality Data', 'U') && (quality || context.hasRole('Quality Inspector'))) step = 'review';
  if (ncr.status === 'UnderReview' && context.can('Quality Data', 'D')) step = 'disposition';
  if (ncr.status === 'Dispositioned' && quality) step = 'close';
  if (!step) return h('span', { class: 'note' }, '—');
  const failure = errorLine(`ncr-error-${ncr.id}`);
  const password = h('input', { id: `ncr-${step}-password-${ncr.id}`, type: 'password', required: true, autocomplete: 'current-password' });
  const disposition = step === 'disposition'
    ? h('select', { id: `ncr-disposition-${ncr.id}`, required: true }, DISPOSITIONS.map((d) => h('option', { value: d }, d))) : null;
  const approval = step === 'disposition' ? h('input', { id: `ncr-approval-${ncr.id}`, placeholder: 'if the disposition needs it' }) : null;
  const labels = { review: 'Review', disposition: 'Disposition', close: 'Close' };
  return h('form', {
    class: 'inline',
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { password: password.value };
      if (disposition) body.disposition = disposition.value;
      if (approval && approval.value.trim()) body.customerApproval = approval.value.trim();
      try {
        await api(`/ncrs/${encodeURIComponent(ncr.id)}/${step}`, { method: 'PUT', body });
        report(failure, null);
        await refresh();
      } catch (error) {
        report(failure, error);
        password.value = '';
      }
    },
  },
    disposition ? h('label', {}, 'Disposition', disposition) : null,
    approval ? h('label', {}, 'Customer approval', approval) : null,
    h('label', {}, 'Your password (e-signature)', password),
    h('button', { type: 'submit', id: `ncr-${step}-${ncr.id}` }, `${labels[step]} (sign)`), failure);
}

/** The individuals chart as SVG: points, centre line, control limits, specification limits, rule violations. */
function chart(data) {
  const width = 820, height = 280, left = 64, right = 16, top = 16, bottom = 34;
  const values = data.points.map((p) => p.value);
  const levels = [data.center, data.upperControlLimit, data.lowerControlLimit, data.lowerSpecification, data.upperSpecification, ...values]
    .filter((v) => v !== undefined && v !== null && Number.isFinite(v));
  let low = Math.min(...levels), high = Math.max(...levels);
  if (high === low) { high += 1; low -= 1; }
  const pad = (high - low) * 0.08;
  low -= pad; high += pad;
  const x = (i) => left + (data.points.length < 2 ? 0 : (i / (data.points.length - 1)) * (width - left - right));
  const y = (v) => top + (1 - (v - low) / (high - low)) * (height - top - bottom);
  const line = (value, color, label, dash) => value === undefined || value === null ? null : [
    s('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), stroke: color, 'stroke-width': 1.5, 'stroke-dasharray': dash }),
    s('text', { x: left - 4, y: y(value) + 4, 'text-anchor': 'end', 'font-size': 11, fill: color }, label),
  ];
  const violated = new Set(data.violations.map((v) => v.index));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Individuals chart of ${data.planId}/${data.characteristicId}` },
    s('rect', { x: left, y: top, width: width - left - right, height: height - top - bottom, fill: '#fbfcfe', stroke: '#d5dbe3' }),
    line(data.upperSpecification, '#c8322c', 'USL', '6 4'), line(data.lowerSpecification, '#c8322c', 'LSL', '6 4'),
    line(data.upperControlLimit, '#e0a100', 'UCL'), line(data.lowerControlLimit, '#e0a100', 'LCL'), line(data.center, '#2e9d4f', 'X̄'),
    s('polyline', { points: data.points.map((p, i) => `${x(i)},${y(p.value)}`).join(' '), fill: 'none', stroke: '#1f5fa8', 'stroke-width': 1.5 }),
    data.points.map((p, i) => s('circle', { cx: x(i), cy: y(p.value), r: violated.has(p.index) ? 5 : 3, fill: violated.has(p.index) ? '#c8322c' : '#1f5fa8' },
      s('title', {}, `#${p.index + 1} ${p.serial}: ${p.value}`))),
    s('text', { x: left, y: height - 10, 'font-size': 11, fill: '#5d6b7c' }, `last ${data.points.length} of ${data.count} results`));
  return h('div', {},
    h('p', { class: 'kv' },
      h('span', {}, `${data.description} (${data.unit})`), h('span', {}, 'X̄ ', h('b', {}, data.center.toPrecision(5))),
      h('span', {}, 'UCL ', h('b', {}, data.upperControlLimit.toPrecision(5))), h('span', {}, 'LCL ', h('b', {}, data.lowerControlLimit.toPrecision(5))),
      h('span', {}, 'Cpk ', h('b', {}, data.cpk.toFixed(2))), h('span', {}, `rule violations: ${data.violations.length}`)),
    svg);
}
