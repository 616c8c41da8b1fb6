// Operator terminal: my operations in progress (complete them), the operations I am certified
// for that are ready to start (pick a machine, start), and open inspections to record
// measurements for. Operators book work as themselves (their user name is their operator id);
// supervisors and administrators may book it for an operator they choose. On a training server
// (mes train) the twin's gauge shows what it reads beside each measurement to record.
import { api, list } from '/ui/api.js';
import { h, show, errorLine, report, time } from '/ui/dom.js';
import { activeOrders, nextOperations, byWorkCenter } from '/ui/data.js';

export const id = 'terminal';
export const title = 'Operator terminal';
export const categories = ['operation', 'workOrder', 'equipment', 'quality', 'gap'];
export function visible(context) { return context.can('Work Orders', 'U'); }

const BOOK_FOR_OTHERS = ['System Administrator', 'Plant Manager', 'Production Supervisor'];
let chosenOperator = null;
// Whether the server shows gauge readings: null until known; false once every reading asked for
// answered 404 (mes serve runs no training), so the terminal stops asking.
let gaugeServed = null;

export async function render(root, context, { refresh }) {
  const [operators, machines, orders, inspections] = await Promise.all([
    context.can('Equipment', 'R') ? list('/operators?sort=id') : Promise.resolve([]),
    context.can('Equipment', 'R') ? list('/equipment?sort=id') : Promise.resolve([]),
    activeOrders(),
    context.can('Quality Data', 'C') ? list('/inspections?status=Open&sort=-createdAt') : Promise.resolve([]),
  ]);
  const gauges = await gaugeReadings(inspections.slice(0, 10));
  const mayBookForOthers = BOOK_FOR_OTHERS.some((role) => context.hasRole(role));
  const self = operators.find((o) => o.id === context.session.username);
  if (!chosenOperator || !operators.some((o) => o.id === chosenOperator)) chosenOperator = self?.id || (mayBookForOthers ? operators[0]?.id : null);
  const operator = operators.find((o) => o.id === chosenOperator);
  const failure = errorLine('terminal-error');

  const header = [h('h1', {}, 'Operator terminal')];
  if (mayBookForOthers && operators.length) {
    const select = h('select', { id: 'book-as', onchange: (event) => { chosenOperator = event.target.value; refresh(); } },
      operators.map((o) => h('option', { value: o.id, selected: o.id === chosenOperator }, `${o.id} — ${o.name}`)));
    header.push(h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() }, h('label', {}, 'Book work as operator', select)));
  }
  if (!operator) {
    show(root, header, h('p', { class: 'error' },
      `No operator '${context.session.username}' in the MES: an operator logs in with their operator id as user name.`));
    return;
  }
  const now = Date.now();
  const skills = new Set(operator.certifications.filter((c) => Date.parse(c.issued) <= now && Date.parse(c.expires) >= now).map((c) => c.skill));
  const next = nextOperations(orders);
  const mine = next.filter((n) => !n.ready && n.operation.operatorId === operator.id);
  const ready = next.filter((n) => n.ready && (!n.operation.requiredCertification || skills.has(n.operation.requiredCertification)));
  const machinesAt = byWorkCenter(machines, (m) => m.workCenter);

  show(root, header,
    h('p', { class: 'note' }, `${operator.name} (${operator.id}) · certified for ${[...skills].sort().join(', ') || 'nothing currently valid'}`),
    failure,
    h('section', { class: 'panel', 'aria-labelledby': 'mine-title' },
      h('h2', { id: 'mine-title' }, `In progress (${mine.length})`),
      mine.length ? table(['Serial', 'Work order', 'Operation', 'Machine', 'Started', ''], mine.map((n) => h('tr', { 'data-running': `${n.serial}/${n.operation.operationNumber}` },
        h('td', {}, n.serial), h('td', {}, n.order.id), h('td', {}, `${n.operation.operationNumber} ${n.operation.description}`),
        h('td', {}, n.operation.equipmentId || ''), h('td', {}, time(n.operation.startedAt)),
        h('td', {},
          inspectButton(n, inspections, context, failure, refresh), ' ',
          h('button', { type: 'button', id: `complete-${n.serial}-${n.operation.operationNumber}`, onclick: (event) => act(event, failure, refresh,
            `/workorders/${encodeURIComponent(n.order.id)}/operations/${n.operation.operationNumber}/complete`, { serial: n.serial }) }, 'Complete')))))
        : h('p', { class: 'note' }, 'Nothing in progress.')),
    h('section', { class: 'panel', 'aria-labelledby': 'ready-title' },
      h('h2', { id: 'ready-title' }, `Ready to start (${ready.length})`),
      ready.length ? [...byWorkCenter(ready.slice(0, 60), (n) => n.operation.workCenter)].map(([centre, items]) => [
        h('h3', {}, centre),
        table(['Serial', 'Work order', 'Operation', 'Priority', 'Machine', ''], items.map((n) => readyRow(n, machinesAt.get(centre) || [], operator, failure, refresh))),
      ]) : h('p', { class: 'note' }, 'No operation you are certified for is waiting.')),
    context.can('Quality Data', 'C') ? inspectionsPanel(inspections.slice(0, 10), gauges, failure, refresh) : null);
}

// Opens an inspection against the routing's plan for a running operation (the measurements are
// then recorded below), unless one is open for that serial and plan already.
function inspectButton(n, inspections, context, failure, refresh) {
  const plan = n.operation.inspectionPlan;
  if (!plan || !context.can('Quality Data', 'C')) return null;
  if (inspections.some((i) => i.serial === n.serial && i.planId === plan)) return null;
  return h('button', { type: 'button', class: 'secondary', id: `inspect-${n.serial}-${n.operation.operationNumber}`,
    onclick: (event) => act(event, failure, refresh, '/inspections', { serial: n.serial, planId: plan }) }, `Open inspection ${plan}`);
}

function table(headings, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows));
}

function readyRow(n, machines, operator, failure, refresh) {
  const key = `${n.serial}-${n.operation.operationNumber}`;
  // A machine running a job cannot take another; any other state is the MES's to judge (a refusal shows why).
  const usable = machines.filter((m) => m.state !== 'Execute');
  const preferred = usable.find((m) => m.state === 'Idle') || usable[0];
  const select = h('select', { id: `machine-${key}`, 'aria-label': `Machine for ${n.serial} operation ${n.operation.operationNumber}` },
    machines.map((m) => h('option', { value: m.id, disabled: m.state === 'Execute', selected: m.id === preferred?.id }, `${m.id} (${m.state})`)));
  return h('tr', { 'data-ready': `${n.serial}/${n.operation.operationNumber}`, 'data-workcenter': n.operation.workCenter },
    h('td', {}, n.serial), h('td', {}, n.order.id), h('td', {}, `${n.operation.operationNumber} ${n.operation.description}`), h('td', {}, n.order.priority),
    h('td', {}, select),
    h('td', {}, h('button', { type: 'button', id: `start-${key}`, disabled: !usable.length, onclick: (event) => act(event, failure, refresh,
      `/workorders/${encodeURIComponent(n.order.id)}/operations/${n.operation.operationNumber}/start`,
      () => ({ serial: n.serial, equipmentId: select.value, operatorId: operator.id })) }, 'Start')));
}

async function act(event, failure, refresh, path, body) {
  const button = event.target;
  button.disabled = true;
  try {
    await api(path, { method: 'POST', body: typeof body === 'function' ? body() : body });
    report(failure, null);
    await refresh();
  } catch (error) {
    report(failure, error);
    button.disabled = false;
    failure.scrollIntoView({ block: 'nearest' });
  }
}

// The twin's gauge reading of each listed inspection (GET /training/gauge/{id}), by inspection
// id: { characteristics: Map id → { text, unit } } or { unavailable: why } (a part the twin does
// not hold for a trainee). Nothing on a server that runs no training.
async function gaugeReadings(inspections) {
  const readings = new Map();
  if (gaugeServed === false || !inspections.length) return readings;
  const answers = await Promise.all(inspections.map((inspection) =>
    api(`/training/gauge/${encodeURIComponent(inspection.id)}`).then((reading) => ({ reading }), (error) => ({ error }))));
  if (answers.every((answer) => answer.error?.status === 404)) {
    gaugeServed = false;
    return readings;
  }
  gaugeServed = true;
  inspections.forEach((inspection, index) => {
    const { reading, error } = answers[index];
    if (reading) {
      // Shown as the gauge displays it: to its resolution, so the text typed back is the value read.
      readings.set(inspection.id, { characteristics: new Map(reading.characteristics.map((c) => [c.characteristicId,
        { text: c.value.toFixed(Math.max(0, Math.round(-Math.log10(c.resolution)))), unit: c.unit }])) });
    } else if (error?.status !== 404) {
      readings.set(inspection.id, { unavailable: error?.problem?.detail || error?.message || 'no reading' });
    }
  });
  return readings;
}

function inspectionsPanel(inspections, gauges, failure, refresh) {
  return h('section', { class: 'panel', 'aria-labelledby': 'inspections-title' },
    h('h2', { id: 'inspections-title' }, `Open inspections (${inspections.length})`),
    inspections.length ? inspections.map((inspection) => measurementForm(inspection, gauges.get(inspection.id), refresh))
      : h('p', { class: 'note' }, 'No open inspection.'));
}

function measurementForm(inspection, gauge, refresh) {
  const recorded = new Set(inspection.results.map((r) => r.characteristicId));
  const open = inspection.characteristicIds.filter((c) => !recorded.has(c));
  const failure = errorLine(`inspection-error-${inspection.id}`);
  const inputs = open.map((c) => h('input', { id: `measure-${inspection.id}-${c}`, name: c, type: 'number', step: 'any', inputmode: 'decimal' }));
  const read = (input) => gauge?.characteristics?.get(input.name);
  const reads = (input) => read(input)
    ? h('span', { class: 'note', id: `gauge-${inspection.id}-${input.name}`, 'data-gauge': read(input).text }, `gauge reads ${read(input).text} ${read(input).unit}`)
    : null;
  const fill = inputs.some(read)
    ? h('button', { type: 'button', class: 'secondary', id: `fill-${inspection.id}`,
      onclick: () => { for (const input of inputs) if (read(input)) input.value = read(input).text; } }, 'Fill gauge readings')
    : null;
  return h('form', {
    class: 'inline', 'data-inspection': inspection.id,
    onsubmit: async (event) => {
      event.preventDefault();
      const measurements = inputs.filter((i) => i.value.trim() !== '').map((i) => ({ characteristicId: i.name, value: Number(i.value) }));
      if (!measurements.length) { report(failure, new Error('Enter at least one measured value.')); return; }
      try {
        await api(`/inspections/${encodeURIComponent(inspection.id)}/results`, { method: 'POST', body: { measurements } });
        report(failure, null);
        for (const input of inputs) input.value = '';
        await refresh();
      } catch (error) { report(failure, error); }
    },
  },
    h('fieldset', {}, h('legend', {}, `${inspection.id} · ${inspection.serial} · plan ${inspection.planId}`),
      inputs.map((input) => h('label', {}, input.name, input, reads(input))),
      recorded.size ? h('span', { class: 'note' }, `recorded: ${[...recorded].join(', ')}`) : null,
      gauge?.unavailable ? h('span', { class: 'note', id: `gauge-${inspection.id}`, title: gauge.unavailable }, 'no gauge reading here') : null,
      fill,
      h('button', { type: 'submit', id: `record-${inspection.id}` }, 'Record')),
    failure);
}
