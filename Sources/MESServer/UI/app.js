// The shop-floor UI's shell: hash routes, the navigation each role gets, the live event stream
// and re-rendering the view it affects. Every figure on screen comes from /api/v1.
import { api, currentSession, logout, LiveEvents, ProblemError } from '/ui/api.js';
import { h, clear } from '/ui/dom.js';
import * as loginView from '/ui/views/login.js';
import * as lineView from '/ui/views/line.js';
import * as boardView from '/ui/views/board.js';
import * as terminalView from '/ui/views/terminal.js';
import * as qualityView from '/ui/views/quality.js';
import * as maintenanceView from '/ui/views/maintenance.js';
import * as trainerView from '/ui/views/trainer.js';

const views = [lineView, boardView, terminalView, qualityView, maintenanceView, trainerView];

/** What the shell knows of the user: roles, the union of their §5.2 permissions, whether a training clock answers. */
export const context = {
  session: null,
  permissions: {},   // resource → letters of C, R, U, D
  trainer: null,     // the training status when GET /api/v1/training answers this user, else null
  alarms: [],        // alarm events heard on the stream (newest first)
  hasRole(role) { return (this.session?.roles || []).includes(role); },
  can(resource, letter) { return (this.permissions[resource] || '').includes(letter); },
};

let live = null;
let current = null;
let pending = null;
let rendering = false;

function showLive(state) {
  const badge = document.getElementById('live');
  badge.dataset.state = state;
  badge.textContent = `live: ${state}`;
}

export function banner(message, kind = 'error') {
  const element = document.getElementById('banner');
  element.className = kind === 'error' ? 'banner' : 'banner info';
  element.textContent = message || '';
  element.hidden = !message;
}

let loading = null;
/** Loads who the user is once, however many routes ask at the same time. */
function ensureContext() {
  if (context.session) return Promise.resolve();
  loading = loading || loadContext().finally(() => { loading = null; });
  return loading;
}

async function loadContext() {
  const session = currentSession();
  const roles = await api('/roles');
  context.permissions = {};
  for (const row of roles.filter((r) => session.roles.includes(r.role))) {
    for (const [resource, letters] of Object.entries(row.permissions)) {
      const had = context.permissions[resource] || '';
      context.permissions[resource] = 'CRUD'.split('').filter((l) => had.includes(l) || letters.includes(l)).join('');
    }
  }
  // The trainer console: only for users the training routes answer, only on a server that runs training.
  try { context.trainer = await api('/training'); } catch { context.trainer = null; }
  context.session = session;
}

function renderNav() {
  const nav = document.getElementById('nav');
  clear(nav);
  const hash = location.hash.replace(/^#\/?/, '');
  for (const view of views) {
    if (!view.visible(context)) continue;
    const link = h('a', { href: `#/${view.id}`, id: `nav-${view.id}` }, view.title);
    if (view.id === hash) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  const who = document.getElementById('who');
  who.textContent = context.session ? `${context.session.name} · ${context.session.username} (${context.session.roles.join(', ')})` : '';
  document.getElementById('logout').hidden = !context.session;
}

/** Renders the current view; while the user is typing in one of its fields the refresh waits. */
async function render({ quiet = false } = {}) {
  if (rendering) { pending = pending || setTimeout(() => { pending = null; render({ quiet: true }); }, 500); return; }
  const root = document.getElementById('view');
  const focused = document.activeElement;
  if (quiet && focused && root.contains(focused) && ['INPUT', 'SELECT', 'TEXTAREA'].includes(focused.tagName)) {
    focused.addEventListener('blur', () => scheduleRefresh(), { once: true });
    return;
  }
  rendering = true;
  const focusId = focused && root.contains(focused) ? focused.id : null;
  try {
    if (!quiet) banner('');
    await current.render(root, context, { refresh: () => render({ quiet: true }), banner });
    if (focusId) document.getElementById(focusId)?.focus();
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) { await signOut('Your session ended: log in again.'); return; }
    banner(error.message);
  } finally {
    rendering = false;
  }
}

let refreshTimer = null;
function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => { refreshTimer = null; render({ quiet: true }); }, 700);
}

function onEvent(event) {
  if (event.category === 'alarm') {
    context.alarms.unshift(event);
    context.alarms.length = Math.min(context.alarms.length, 30);
  }
  if (!current || current === loginView) return;
  if (event.category === 'gap' || !current.categories || current.categories.includes(event.category)) scheduleRefresh();
}

async function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  if (!currentSession()) {
    if (live) { live.stop(); live = null; }
    context.session = null;
    current = loginView;
    renderNav();
    await loginView.render(document.getElementById('view'), context, { onLogin: afterLogin, banner });
    return;
  }
  try { await ensureContext(); } catch (error) { await signOut(error.message); return; }
  if (!live) {
    live = new LiveEvents(onEvent, showLive);
    live.start();
  }
  const visible = views.filter((view) => view.visible(context));
  const chosen = visible.find((view) => view.id === hash);
  if (!chosen) {
    location.replace(`#/${(visible.find((v) => v.id === firstView()) || visible[0]).id}`);
    return;
  }
  current = chosen;
  renderNav();
  document.title = `JetMES · ${chosen.title}`;
  await render();
  document.getElementById('view').focus({ preventScroll: true });
}

/** Where a user lands: an operator at the terminal, a maintenance technician at the maintenance view, anyone else on the line. */
function firstView() {
  if (context.hasRole('Operator')) return 'terminal';
  if (context.hasRole('Maintenance Technician')) return 'maintenance';
  return 'line';
}

async function afterLogin() {
  context.session = null;
  history.replaceState(null, '', '#/');
  await route();
}

async function signOut(message) {
  await logout();
  context.session = null;
  if (live) { live.stop(); live = null; }
  history.replaceState(null, '', '#/login');
  await route();
  if (message) banner(message);
}

document.getElementById('logout').addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);
route();
