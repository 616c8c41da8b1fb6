// Trainer console: the training run's simulated clock (GET /api/v1/training) — time, speed,
// paused, drift — with pause/resume, step and speed. Shown only to users the training routes
// answer, on a server that runs training (mes train).
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
  const speed = h('input', { id: 'trainer-speed', type: 'number', min: '0.001', max: '100000', step: 'any', value: String(status.speed), required: true });
  show(root, h('h1', {}, 'Trainer console'),
    h('section', { class: 'panel', 'aria-labelledby': 'clock-title' },
      h('h2', { id: 'clock-title' }, 'Simulated clock'),
      h('p', { class: 'kv', 'data-training': status.paused ? 'paused' : 'running' },
        h('span', {}, 'Sim time ', h('b', { id: 'trainer-time' }, time(status.simulatedTime))),
        h('span', {}, 'Hours ', h('b', {}, `${status.simulatedHours.toFixed(2)} of ${status.horizonHours}`)),
        h('span', {}, 'Speed ', h('b', {}, `${status.speed}×`)),
        h('span', {}, h('b', {}, status.paused ? 'paused' : 'running')),
        h('span', {}, 'Drift ', h('b', {}, `${status.driftSeconds.toFixed(2)} s`), ` (max ${status.maxDriftSeconds.toFixed(2)} s)`),
        status.nextEventTime ? h('span', {}, 'Next event ', h('b', {}, time(status.nextEventTime))) : null),
      status.fault ? h('p', { class: 'error' }, `The simulated floor stopped booking work: ${status.fault}`) : null,
      h('div', { class: 'inline' },
        status.paused
          ? h('button', { type: 'button', id: 'trainer-resume', onclick: (e) => call(e, '/training/resume', { method: 'POST' }) }, 'Resume')
          : h('button', { type: 'button', id: 'trainer-pause', onclick: (e) => call(e, '/training/pause', { method: 'POST' }) }, 'Pause'),
        ' ',
        h('button', { type: 'button', class: 'secondary', id: 'trainer-step', onclick: (e) => call(e, '/training/step', { method: 'POST' }) }, 'Step to next event')),
      h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); call({ target: e.submitter || e.target }, '/training/speed', { method: 'PUT', body: { speed: Number(speed.value) } }); } },
        h('label', {}, 'Speed (simulated seconds per second)', speed), h('button', { type: 'submit', id: 'trainer-set-speed' }, 'Set speed')),
      failure));
}
