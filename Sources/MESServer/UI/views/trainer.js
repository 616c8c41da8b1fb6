// Trainer console: the training run's simulated clock (GET /api/v1/training) — time, speed,
// paused, drift — with pause/resume, step, run to a time and speed; training events injected now or at a
// simulated hour (POST /training/events); the trainee's score against the simulated operators
// (GET /training/score); and the end of the session with its report (POST /training/finish).
// Shown only to users the training routes answer, on a server that runs training (mes train).
import { api } from '/ui/api.js';
import { h, show, errorLine, report, time } from '/ui/dom.js';

export const id = 'trainer';
export const title = 'Trainer';
export const categories = [];
export function visible(context) { return context.trainer !== null; }

let poll = null;

export async function render(root, context, { refresh }) {
  const status = await api('/training');
  context.trainer = status;
  // The clock moves without events: poll while this view is shown.
  clearInterval(poll);
  poll = setInterval(() => { if (location.hash === '#/trainer') refresh(); else clearInterval(poll); }, 2000);
  const failure = errorLine('trainer-error');
  const call = async (event, path, options) => {
    event.target.disabled = true;
    try { await api(path, options); report(failure, null); await refresh(); }
    catch (error) { report(failure, error); event.target.disabled = false; }
  };
  const score = await api('/training/score').catch(() => null);
  // Run to: a simulated hour (a number) or an ISO 8601 time, sent as the API takes either.
  const runTo = h('input', { id: 'trainer-run-to', type: 'text', inputmode: 'decimal', size: '22', required: true,
    placeholder: `hour, e.g. ${(status.simulatedHours + 1).toFixed(1)}`, title: 'Simulated hours from the start, or an ISO 8601 time' });
  const runToBody = () => {
    const text = runTo.value.trim();
    return { at: /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : text };
  };
  const speed = h('input', { id: 'trainer-speed', type: 'number', min: '0.001', max: '100000', step: 'any', value: String(status.speed), required: true });
  show(root, h('h1', {}, 'Trainer console'),
    h('section', { class: 'panel', 'aria-labelledby': 'clock-title' },
      h('h2', { id: 'clock-title' }, 'Simulated clock'),
      h('p', { class: 'kv', 'data-training': status.paused ? 'paused' : 'running' },
        h('span', {}, 'Sim time ', h('b', { id: 'trainer-time' }, time(status.simulatedTime))),
        h('span', {}, 'Hours ', h('b', { id: 'trainer-hours' }, `${status.simulatedHours.toFixed(2)} of ${status.horizonHours}`)),
        h('span', {}, 'Speed ', h('b', {}, `${status.speed}×`)),
        h('span', {}, h('b', {}, status.paused ? 'paused' : 'running')),
        h('span', {}, 'Drift ', h('b', {}, `${status.driftSeconds.toFixed(2)} s`), ` (max ${status.maxDriftSeconds.toFixed(2)} s)`),
        status.nextEventTime ? h('span', {}, 'Next event ', h('b', {}, time(status.nextEventTime))) : null),
      status.fault ? h('p', { class: 'error' }, `The simulated floor stopped booking work: ${status.fault}`) : null,
      status.floorGaveWay ? h('p', {}, `The simulated floor gave way to trainees ${status.floorGaveWay} times; latest: ${status.lastGaveWay}`) : null,
      h('div', { class: 'inline' },
        status.paused
          ? h('button', { type: 'button', id: 'trainer-resume', onclick: (e) => call(e, '/training/resume', { method: 'POST' }) }, 'Resume')
          : h('button', { type: 'button', id: 'trainer-pause', onclick: (e) => call(e, '/training/pause', { method: 'POST' }) }, 'Pause'),
        ' ',
        h('button', { type: 'button', class: 'secondary', id: 'trainer-step', onclick: (e) => call(e, '/training/step', { method: 'POST' }) }, 'Step to next event')),
      h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); call({ target: e.submitter || e.target }, '/training/run-to', { method: 'POST', body: runToBody() }); } },
        h('label', {}, 'Run to (pauses there)', runTo), h('button', { type: 'submit', class: 'secondary', id: 'trainer-run-to-go' }, 'Run to')),
      h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); call({ target: e.submitter || e.target }, '/training/speed', { method: 'PUT', body: { speed: Number(speed.value) } }); } },
        h('label', {}, 'Speed (simulated seconds per second)', speed), h('button', { type: 'submit', id: 'trainer-set-speed' }, 'Set speed')),
      failure),
    eventPanel(call),
    score ? scorePanel(score) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'finish-title' },
      h('h2', { id: 'finish-title' }, 'End of session'),
      h('p', {}, 'Pauses the floor and writes the session report (summary.md, score.json) under reports/training/.'),
      h('button', { type: 'button', id: 'trainer-finish', onclick: async (e) => {
        e.target.disabled = true;
        try {
          const done = await api('/training/finish', { method: 'POST' });
          report(failure, null);
          e.target.replaceWith(h('p', { id: 'trainer-finished' }, `Session ${done.session} written to ${done.directory}`));
        } catch (error) { report(failure, error); e.target.disabled = false; }
      } }, 'Finish and write the report')));
}

// The four scripted-event kinds and their fields, as the scenario file's training section has them.
const eventKinds = {
  breakdown: [['machine', 'text'], ['repairMinutes', 'number']],
  badLot: [['lot', 'text']],
  sensorDrift: [['machine', 'text'], ['tag', 'text'], ['perCycle', 'number']],
  certificationExpires: [['operator', 'text'], ['certification', 'text']],
};

function eventPanel(call) {
  const kind = h('select', { id: 'event-kind' }, ...Object.keys(eventKinds).map((k) => h('option', { value: k }, k)));
  const fields = h('div', { class: 'inline' });
  const at = h('input', { id: 'event-at', type: 'number', min: '0', step: 'any', placeholder: 'now' });
  const drawFields = () => {
    fields.replaceChildren(...eventKinds[kind.value].map(([name, type]) =>
      h('label', {}, name, h('input', { name, type, step: type === 'number' ? 'any' : undefined, required: true }))));
  };
  kind.addEventListener('change', drawFields);
  drawFields();
  return h('section', { class: 'panel', 'aria-labelledby': 'event-title' },
    h('h2', { id: 'event-title' }, 'Inject a training event'),
    h('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      const body = {};
      for (const input of fields.querySelectorAll('input')) body[input.name] = input.type === 'number' ? Number(input.value) : input.value;
      if (at.value !== '') body.at = Number(at.value);
      call({ target: e.submitter || e.target }, '/training/events', { method: 'POST', body: { [kind.value]: body } });
    } },
      h('label', {}, 'Event', kind), fields, h('label', {}, 'At simulated hour (empty: now)', at),
      h('button', { type: 'submit', id: 'event-inject' }, 'Inject')));
}

function scorePanel(score) {
  const t = score.trainee, r = score.reference;
  const pct = (x) => (x === null || x === undefined) ? '–' : `${(x * 100).toFixed(0)} %`;
  const row = (label, mine, theirs) => h('tr', {}, h('th', {}, label), h('td', {}, String(mine)), h('td', {}, theirs === undefined ? '–' : String(theirs)));
  const responded = score.alarms.filter((a) => a.response).length;
  return h('section', { class: 'panel', 'aria-labelledby': 'score-title', id: 'trainer-score' },
    h('h2', { id: 'score-title' }, `Score — ${(score.traineesDo ?? score.traineeWorkCenters).join(', ') || 'nothing left to trainees'}`),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'Trainees'), h('th', {}, 'Simulated operators'))),
      h('tbody', {},
        row('Serials completed', t.serialsCompleted, r?.serialsCompleted),
        row('Operations at trainee work centres', t.operationsAtTraineeWorkCenters, r?.operationsAtTraineeWorkCenters),
        row('Work orders completed', t.workOrdersCompleted, r?.workOrdersCompleted),
        row('On-time delivery', pct(t.onTimeDelivery), r ? pct(r.onTimeDelivery) : undefined))),
    h('p', { class: 'kv' },
      h('span', {}, 'Alarms answered ', h('b', {}, `${responded} of ${score.alarms.length}`)),
      h('span', {}, 'Correct dispositions ', h('b', {}, `${score.dispositions.filter((d) => d.correct).length} of ${score.dispositions.length}`)),
      h('span', {}, 'Rule violations attempted ', h('b', { id: 'trainer-violations' }, String(score.violations.length))),
      score.measurements ? h('span', {}, 'Measurements recorded as read ', h('b', { id: 'trainer-as-read' }, String(score.measurements.recordedAsRead)),
        `, ${score.measurements.transcriptionErrors.length} transcription errors, ${score.measurements.recordedWithoutReading.length} without reading the gauge`) : null),
    score.alarms.length ? h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Alarm'), h('th', {}, 'Subject'), h('th', {}, 'At'), h('th', {}, 'Response'), h('th', {}, 'Minutes'))),
      h('tbody', {}, ...score.alarms.map((a) => h('tr', {},
        h('td', {}, a.kind), h('td', {}, a.subject), h('td', {}, time(a.time)), h('td', {}, a.response || 'none'),
        h('td', {}, a.responseMinutes === null || a.responseMinutes === undefined ? '–' : a.responseMinutes.toFixed(1)))))) : null);
}
