// The API client of the shop-floor UI: the session (tokens in sessionStorage, so a tab's login
// ends with the tab), JSON requests with the bearer token, token refresh, problem details as
// errors, and the live event stream.

const KEY = 'jetmes.session';

/** An API refusal: the RFC 9457 problem details the server answered with. */
export class ProblemError extends Error {
  constructor(status, problem) {
    const title = problem?.title || `HTTP ${status}`;
    super(problem?.detail ? `${title}: ${problem.detail}` : title);
    this.status = status;
    this.problem = problem || {};
  }
}

export function currentSession() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

function saveSession(session) {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session)); else sessionStorage.removeItem(KEY);
}

function fromTokens(username, tokens) {
  // The display name is in the (signed) access token's claims; the server checks the token, the UI only reads it.
  let name = username;
  try { name = JSON.parse(atob(tokens.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).name || username; } catch { /* keep the user name */ }
  return { username, name, roles: tokens.roles, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
           expiresAt: Date.parse(tokens.expiresAt) };
}

async function problemOf(response) {
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) {
    try { return await response.json(); } catch { /* fall through */ }
  }
  return { title: `${response.status} ${response.statusText}`, detail: (await response.text().catch(() => '')).slice(0, 300) };
}

export async function login(username, password, totp) {
  const body = { username, password };
  if (totp) body.totp = totp;
  const response = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new ProblemError(response.status, await problemOf(response));
  const session = fromTokens(username, await response.json());
  saveSession(session);
  return session;
}

export async function logout() {
  const session = currentSession();
  saveSession(null);
  if (!session) return;
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
                                       body: JSON.stringify({ refreshToken: session.refreshToken }) }).catch(() => {});
}

let refreshing = null;
/** The next access token of the session (one refresh at a time: a refresh token is single-use). */
export function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const session = currentSession();
      if (!session) throw new ProblemError(401, { title: 'Unauthorized', detail: 'not logged in' });
      const response = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                              body: JSON.stringify({ refreshToken: session.refreshToken }) });
      if (!response.ok) {
        saveSession(null);
        throw new ProblemError(response.status, await problemOf(response));
      }
      const next = fromTokens(session.username, await response.json());
      saveSession(next);
      return next;
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** A token valid for at least another half minute. */
export async function freshToken() {
  let session = currentSession();
  if (!session) throw new ProblemError(401, { title: 'Unauthorized', detail: 'not logged in' });
  if (session.expiresAt - Date.now() < 30_000) session = await refresh();
  return session.accessToken;
}

/** Calls the API: JSON in and out; throws ProblemError with the server's problem details. */
export async function api(path, { method = 'GET', body } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Authorization: `Bearer ${await freshToken()}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && attempt === 0 && !path.startsWith('/auth/')) {
      const problem = await problemOf(response);
      // A wrong e-signature password (pointer /password) is not a lapsed token: sending it again
      // would only count a second failure towards the account's lockout.
      if (problem.pointer === '/password') throw new ProblemError(401, problem);
      // The token lapsed or its session was revoked: one refresh, then the error stands.
      try { await refresh(); } catch { throw new ProblemError(401, problem); }
      continue;
    }
    if (!response.ok) throw new ProblemError(response.status, await problemOf(response));
    if (response.status === 204) return null;
    return response.json();
  }
}

/** Every page of a list (the server pages with Link: <…>; rel="next"). */
export async function list(path) {
  const joiner = path.includes('?') ? '&' : '?';
  let next = `/api/v1${path}${joiner}limit=1000`;
  const items = [];
  for (let pages = 0; next && pages < 20; pages++) {
    const response = await fetch(next, { headers: { Authorization: `Bearer ${await freshToken()}` } });
    if (!response.ok) throw new ProblemError(response.status, await problemOf(response));
    items.push(...await response.json());
    const link = response.headers.get('link') || '';
    const match = link.match(/<([^>]+)>;\s*rel="next"/);
    next = match ? match[1] : null;
  }
  return items;
}

/**
 * Follows GET /api/v1/events (Server-Sent Events). EventSource cannot send headers, so the token
 * goes as ?access_token=. The server ends a stream when its token expires; the stream is then
 * reopened with a fresh token. `onState` hears 'connecting', 'live' and 'offline'.
 */
export class LiveEvents {
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.source = null;
    this.stopped = false;
    this.timer = null;
  }

  async start() {
    this.stopped = false;
    this.onState('connecting');
    let token;
    try { token = await freshToken(); } catch { this.onState('offline'); return; }
    if (this.stopped) return;
    const source = new EventSource(`/api/v1/events?types=${LiveEvents.categories}&access_token=${encodeURIComponent(token)}`);
    this.source = source;
    source.onopen = () => this.onState('live');
    source.onmessage = (message) => this.deliver(message);
    // Events are named by their type (event: operation.operationStarted …): one listener per name.
    for (const type of ['gap', ...LiveEvents.knownTypes]) source.addEventListener(type, (message) => this.deliver(message, type));
    source.onerror = () => {
      // The server ends a stream when its token expires (or the server stops): reopen with a fresh token.
      source.close();
      if (this.source !== source || this.stopped) return;
      this.source = null;
      this.onState('connecting');
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.start(), 2000);
    };
  }

  deliver(message, type) {
    let event = null;
    if (type === 'gap') event = { type: 'gap', category: 'gap' };  // events were missed: views reload
    else try { event = JSON.parse(message.data); } catch { return; }
    this.onEvent(event);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.source) this.source.close();
    this.source = null;
    this.onState('offline');
  }
}

// The categories the views follow (the server sends only those the user's roles may read).
LiveEvents.categories = 'workOrder,operation,ncr,quality,equipment,maintenance,alarm';

// The SSE event names the server sends: `category.caseName` for domain events and `alarm.*`.
LiveEvents.knownTypes = [
  'workOrder.workOrderCreated', 'workOrder.workOrderUpdated', 'workOrder.workOrderDeleted', 'workOrder.workOrderReleased',
  'workOrder.workOrderStatusChanged', 'workOrder.workOrderClosed',
  'operation.operationStarted', 'operation.operationCompleted', 'operation.serialStatusChanged',
  'ncr.nonConformanceOpened', 'ncr.nonConformanceReviewed', 'ncr.nonConformanceDispositioned', 'ncr.nonConformanceClosed',
  'quality.inspectionCreated', 'quality.inspectionUpdated', 'quality.inspectionDeleted', 'quality.resultsRecorded',
  'equipment.equipmentStateChanged', 'equipment.equipmentRegistered', 'equipment.equipmentDeleted', 'equipment.machinePartsCounted',
  'maintenance.maintenanceScheduled', 'maintenance.maintenanceStarted', 'maintenance.maintenanceCompleted',
  'alarm.machineDown', 'alarm.ncrOpened', 'alarm.pmOverdue',
];
