// The playground page: compose a policy and a request, run the request with the browser's own
// fetch, then ask the page's server what the API saw and what the checker says.
// The whole state lives in the URL hash, so the other origin opens on the same request.
'use strict';

const $ = (id) => document.getElementById(id);
let config;
let presetText = '';
let validated = { ok: false };

/** Builds an element; children are nodes or text (never parsed as HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const show = (value) =>
  typeof value === 'string' ? value : Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(value);

// --- state <-> form <-> hash -------------------------------------------------------------

function readForm() {
  return {
    preset: $('preset').value,
    policy: $('policy').value,
    app: $('app').value,
    method: $('method').value.trim() || 'GET',
    path: $('path').value,
    headers: $('headers').value,
    body: $('body').value,
    credentials: $('credentials').checked,
  };
}

function writeForm(state) {
  $('preset').value = state.preset;
  $('policy').value = state.policy;
  $('app').value = state.app;
  $('method').value = state.method;
  $('path').value = state.path;
  $('headers').value = state.headers;
  $('body').value = state.body;
  $('credentials').checked = state.credentials;
}

function toHash(state, go) {
  const p = new URLSearchParams();
  p.set('preset', state.preset);
  const preset = config.presets.find((x) => x.id === state.preset);
  if (!preset || state.policy !== presetJson(preset)) p.set('policy', state.policy);
  p.set('app', state.app);
  p.set('method', state.method);
  p.set('path', state.path);
  if (state.headers.trim() !== '') p.set('headers', state.headers);
  if (state.body !== '') p.set('body', state.body);
  if (state.credentials) p.set('credentials', '1');
  if (go) p.set('go', '1');
  return '#' + p.toString();
}

function fromHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const preset = config.presets.find((x) => x.id === p.get('preset')) ?? config.presets.find((x) => x.id === 'strict');
  return {
    state: {
      preset: p.get('policy') !== null && p.get('policy') !== presetJson(preset) ? 'custom' : preset.id,
      policy: p.get('policy') ?? presetJson(preset),
      app: config.apps.some((a) => a.id === p.get('app')) ? p.get('app') : config.apps[0].id,
      method: p.get('method') ?? 'PUT',
      path: config.routes.some((r) => r.path === p.get('path')) ? p.get('path') : '/echo',
      headers: p.get('headers') ?? (p.has('method') ? '' : 'Content-Type: application/json\nX-Demo: 1'),
      body: p.get('body') ?? (p.has('method') ? '' : '{"a":1}'),
      credentials: p.get('credentials') === '1',
    },
    go: p.get('go') === '1',
  };
}

const presetJson = (preset) => JSON.stringify(preset.options, null, 2);

function headerPairs(text) {
  const pairs = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`"${line.trim()}" is not a "Name: value" header line`);
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}

function fetchCall(state, url) {
  const init = [];
  if (state.method !== 'GET') init.push(`method: ${JSON.stringify(state.method)}`);
  let pairs = [];
  try {
    pairs = headerPairs(state.headers);
  } catch {
    /* shown on send */
  }
  if (pairs.length) init.push(`headers: { ${pairs.map(([n, v]) => `${JSON.stringify(n)}: ${JSON.stringify(v)}`).join(', ')} }`);
  if (hasBody(state)) init.push(`body: ${JSON.stringify(state.body)}`);
  if (state.credentials) init.push(`credentials: 'include'`);
  return `fetch(${JSON.stringify(url)}${init.length ? `, {\n  ${init.join(',\n  ')}\n}` : ''})`;
}

const hasBody = (state) => state.body !== '' && !['GET', 'HEAD'].includes(state.method.toUpperCase());

function appNote(runtime) {
  const app = config.apps.find((a) => a.id === $('app').value);
  if (!app) return;
  if (app.inProcess) {
    $('app-note').textContent = 'Runs inside the playground on the API origin, under the policy above; onReject is recorded as it fires.';
  } else if (runtime) {
    const vars = Object.entries(runtime.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    $('app-note').replaceChildren(
      'Running on ',
      el('code', {}, `127.0.0.1:${runtime.port}`),
      ', behind the API origin, with ',
      el('code', { id: 'app-env' }, vars || '(no CORS_* variables: the defaults)'),
      '.',
    );
  } else {
    $('app-note').textContent =
      `Started on demand (pnpm start${app.id === 'workerd' ? ':miniflare' : ''}) on a loopback port behind the API origin, the policy in CORS_* variables; a new policy restarts it.`;
  }
}

function sync() {
  appNote(null);
  const state = readForm();
  history.replaceState(null, '', toHash(state, false));
  const other = config.origins.find((o) => o !== location.origin) ?? config.origins[1];
  $('other-link').href = other + '/' + toHash(state, true);
  $('other-link').textContent = `Same request from ${other} ↗`;
  $('code').textContent = fetchCall(state, config.api + state.path);
}

// --- policy ------------------------------------------------------------------------------

function renderConfigError(error) {
  const box = $('policy-error');
  box.replaceChildren(
    el('div', { class: 'name' }, `${error.name} thrown`),
    el('pre', { id: 'policy-error-message' }, error.message),
    error.issues.length
      ? el(
          'table',
          { id: 'policy-issues' },
          el('tr', {}, el('th', {}, 'option'), el('th', {}, 'problem and fix')),
          error.issues.map((i) => el('tr', { class: 'issue' }, el('td', {}, el('code', {}, i.option)), el('td', {}, i.message))),
        )
      : null,
  );
  box.hidden = false;
}

function renderPolicy(result) {
  validated = result;
  if (!result.ok) {
    renderConfigError(result.error);
    $('policy-full').hidden = true;
    $('send').disabled = true;
    return;
  }
  $('policy-error').hidden = true;
  $('policy-full').hidden = false;
  $('send').disabled = false;
  const cells = (row) => [
    el('td', { class: 'opt' }, row.option),
    el(
      'td',
      { class: row.isDefault ? 'default' : '', 'data-option': row.option },
      show(row.value),
      row.isDefault ? el('span', { class: 'tag' }, 'default') : null,
    ),
  ];
  // Two options a row: the policy stays in full without pushing the request off the screen.
  const rows = [];
  for (let i = 0; i < result.effective.length; i += 2) {
    rows.push(el('tr', {}, cells(result.effective[i]), result.effective[i + 1] ? cells(result.effective[i + 1]) : null));
  }
  $('policy-table').replaceChildren(...rows);
}

async function validatePolicy() {
  const res = await fetch('/pg/policy', { method: 'POST', body: $('policy').value });
  renderPolicy(await res.json());
}

let timer;
function onPolicyEdit() {
  const preset = config.presets.find((p) => p.id === $('preset').value);
  if (preset && $('policy').value !== presetJson(preset)) {
    $('preset').value = 'custom';
    $('preset-note').textContent = 'Edited by hand.';
  }
  sync();
  clearTimeout(timer);
  timer = setTimeout(validatePolicy, 250);
}

function onPresetChange() {
  const preset = config.presets.find((p) => p.id === $('preset').value);
  if (preset) $('policy').value = presetJson(preset);
  $('preset-note').textContent = preset ? preset.note : 'Edited by hand.';
  sync();
  validatePolicy();
}

// --- running a request -------------------------------------------------------------------

function setVerdict(kind, title, detail) {
  const box = $('verdict');
  box.className = `verdict ${kind}`;
  box.dataset.verdict = kind;
  $('verdict-title').textContent = title;
  $('verdict-detail').textContent = detail;
}

async function browserFetch(state, url, pairs) {
  const init = { method: state.method, headers: pairs, credentials: state.credentials ? 'include' : 'same-origin' };
  if (hasBody(state)) init.body = state.body;
  try {
    const response = await fetch(url, init);
    const body = await response.text();
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      redirected: response.redirected,
      body,
      headers: [...response.headers],
    };
  } catch (error) {
    return { ok: false, error: `${error.name}: ${error.message}` };
  }
}

function headerList(headers) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return el('span', { class: 'muted' }, '(none)');
  return el(
    'pre',
    { class: 'hdrs' },
    entries.map(([n, v]) => el('div', { class: n.startsWith('access-control-') ? 'ac' : '' }, `${n}: ${v}`)),
  );
}

function renderBrowser(outcome) {
  const box = $('browser');
  if (!outcome.ok) {
    box.replaceChildren(
      el('p', {}, el('span', { class: 'badge blocked' }, 'blocked')),
      el(
        'dl',
        {},
        el('dt', {}, 'fetch'),
        el('dd', { id: 'browser-error' }, el('code', {}, outcome.error)),
        el('dt', {}, 'the page sees'),
        el('dd', {}, 'no status, no headers, no body: only that the request failed. The console would name the check; the panels here do.'),
      ),
    );
    return;
  }
  box.replaceChildren(
    el('p', {}, el('span', { class: 'badge allowed' }, 'allowed')),
    el(
      'dl',
      {},
      el('dt', {}, 'status'),
      el('dd', { id: 'browser-status' }, `${outcome.status} ${outcome.statusText}${outcome.redirected ? ' (after a redirect)' : ''}`),
      el('dt', {}, 'body'),
      el('dd', {}, el('code', { id: 'browser-body' }, outcome.body.length > 200 ? outcome.body.slice(0, 200) + '…' : outcome.body || '(empty)')),
      el('dt', {}, 'readable headers'),
      el('dd', { id: 'browser-headers' }, headerList(Object.fromEntries(outcome.headers))),
    ),
  );
}

function renderChecker(check) {
  const box = $('checker');
  if (check.inputError) {
    box.replaceChildren(el('p', {}, 'No page could make this request: ', el('code', {}, check.inputError)));
    return;
  }
  box.replaceChildren(
    el(
      'p',
      {},
      el('span', { class: `badge ${check.verdict}`, id: 'checker-verdict' }, check.verdict),
      check.check ? el('span', {}, ' at the ', el('strong', {}, check.stage), ': ', el('code', { id: 'checker-check' }, check.check)) : null,
    ),
    el(
      'dl',
      {},
      el('dt', {}, 'why'),
      el('dd', { id: 'checker-explanation' }, check.explanation),
      check.fix ? [el('dt', {}, 'fix'), el('dd', { class: 'fix', id: 'checker-fix' }, check.fix)] : null,
      check.warnings.length
        ? [
            el('dt', {}, 'warnings'),
            el(
              'dd',
              {},
              el(
                'ul',
                { class: 'warnings' },
                check.warnings.map((w) => el('li', {}, el('code', {}, w.code), ' ', w.message)),
              ),
            ),
          ]
        : null,
    ),
  );
}

function renderPreflight(check, exchanges) {
  const sent = exchanges.filter((x) => x.preflight);
  const box = $('preflight');
  box.dataset.sent = sent.length ? 'yes' : 'no';
  const reason = check.preflightReason;
  const why = reason
    ? el('p', { id: 'preflight-why' }, 'Why: ', reason.explanation)
    : el(
        'p',
        { id: 'preflight-why' },
        'Not needed: a GET, HEAD or POST with only CORS-safelisted headers is sent as it is, and the browser checks only the answer.',
      );
  box.replaceChildren(
    el(
      'p',
      {},
      'Sent: ',
      el('span', { class: `badge ${sent.length ? 'yes' : 'no'}`, id: 'preflight-sent' }, sent.length ? 'yes' : 'no'),
      sent.length ? ` OPTIONS ${sent[0].path} → ${sent[0].status}` : '',
    ),
    why,
  );
  if (reason && !sent.length) {
    box.append(el('p', { class: 'muted' }, 'The checker says one is needed but none reached the server: the browser answered it from its preflight cache.'));
  }
}

function renderReject(exchanges, outcome, check) {
  const refused = exchanges.filter((x) => x.rejection);
  const errors = exchanges.filter((x) => x.error);
  const box = $('reject');
  box.dataset.reason = refused.length ? refused[0].rejection.reason : '';
  const parts = refused.map((x) =>
    el(
      'div',
      { class: 'rejection' },
      el(
        'p',
        {},
        el('span', { class: 'badge reason', id: 'reject-reason' }, x.rejection.reason),
        ` on ${x.preflight ? 'the preflight' : `${x.method} ${x.path}`}`,
      ),
      el('p', { id: 'reject-detail' }, x.rejection.detail),
      x.rejection.inProcess
        ? null
        : el('p', { class: 'muted' }, 'The app runs in another process: this is the same policy, compiled in the playground, judging the same request.'),
    ),
  );
  for (const x of errors) parts.push(el('p', {}, el('code', {}, 'onError'), `: ${x.error} (answered 500, CORS headers kept)`));
  if (!parts.length) {
    parts.push(
      el(
        'p',
        { id: 'reject-none' },
        outcome.ok
          ? 'Nothing refused.'
          : `Nothing refused: the server answered, and the browser would not let the page read the answer${check.check ? ` (${check.check})` : ''}.`,
      ),
    );
  }
  box.replaceChildren(...parts);
}

function renderExchanges(exchanges) {
  const box = $('exchanges');
  if (!exchanges.length) {
    box.replaceChildren(el('p', { class: 'muted' }, 'No request reached the API server.'));
    return;
  }
  box.replaceChildren(
    el(
      'table',
      { id: 'exchange-table' },
      el('tr', {}, el('th', {}, '#'), el('th', {}, 'request'), el('th', {}, 'response'), el('th', {}, 'onReject')),
      exchanges.map((x, i) =>
        el(
          'tr',
          { class: x.rejection ? 'refused' : '', 'data-method': x.method },
          el('td', {}, String(i + 1)),
          el('td', {}, el('strong', {}, `${x.preflight ? 'preflight ' : ''}${x.method} ${x.path}`), headerList(x.request)),
          el('td', {}, el('strong', {}, String(x.status)), headerList(x.response)),
          el('td', {}, x.rejection ? el('code', {}, x.rejection.reason) : x.error ? el('code', {}, 'onError') : '—'),
        ),
      ),
    ),
  );
}

function clearResults() {
  for (const id of ['browser', 'checker', 'preflight', 'reject', 'exchanges']) $(id).replaceChildren(el('p', { class: 'muted' }, '—'));
  $('preflight').dataset.sent = '';
  $('reject').dataset.reason = '';
}

async function send() {
  const state = readForm();
  sync();
  clearResults();
  let pairs;
  try {
    pairs = headerPairs(state.headers);
  } catch (error) {
    setVerdict('error', 'Not sent', error.message);
    return;
  }
  document.body.dataset.state = 'running';
  $('send').disabled = true;
  const app = config.apps.find((a) => a.id === state.app);
  if (app && !app.inProcess) setVerdict('idle', 'Sending…', `${app.label} starts with this policy in CORS_* variables when it is not already running with it.`);
  try {
    const started = await fetch('/pg/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        policy: state.policy,
        app: state.app,
        origin: location.origin,
        request: { method: state.method, path: state.path, headers: pairs, credentials: state.credentials, body: state.body },
      }),
    }).then((r) => r.json());
    if (!started.ok && started.appError) {
      setVerdict('error', 'Not sent: the app could not take this policy', started.appError);
      return;
    }
    if (!started.ok) {
      renderPolicy(started);
      setVerdict('error', 'Not sent: the policy is invalid', `${started.error.name}: ${started.error.message.split('\n')[0]}`);
      document.body.dataset.state = 'done';
      return;
    }
    if (started.runtime) appNote(started.runtime);
    const outcome = await browserFetch(state, started.url, pairs);
    const { exchanges } = await fetch(`/pg/runs/${started.id}`).then((r) => r.json());
    const check = started.check;
    const agree = check.inputError
      ? ''
      : check.verdict === (outcome.ok ? 'allowed' : 'blocked')
        ? ` The checker agrees${check.check ? `: ${check.check} at the ${check.stage}` : ''}.`
        : ` The checker disagrees (it says ${check.verdict}).`;
    const refused = exchanges.find((x) => x.rejection);
    const server = refused ? ` The server refused it: ${refused.rejection.reason} (see onReject).` : '';
    if (!outcome.ok && check.inputError) {
      setVerdict('error', 'Not sent: no page can make this request', `${outcome.error}. ${check.inputError}`);
    } else if (outcome.ok) {
      setVerdict(
        'allowed',
        `Allowed: the page read ${outcome.status} ${outcome.statusText}`.trim(),
        `${state.method} ${state.path} from ${location.origin}.${agree}${server}`,
      );
    } else {
      setVerdict(
        'blocked',
        `Blocked: the page saw only “${outcome.error.replace(/^TypeError: /, '')}”`,
        `${state.method} ${state.path} from ${location.origin}.${agree}${server}`,
      );
    }
    renderBrowser(outcome);
    if (check.inputError) $('checker').replaceChildren(el('p', {}, check.inputError));
    else renderChecker(check);
    renderPreflight(check.inputError ? { preflightReason: null } : check, exchanges);
    renderReject(exchanges, outcome, check);
    renderExchanges(exchanges);
  } finally {
    $('send').disabled = !validated.ok;
    document.body.dataset.state = 'done';
  }
}

// --- start -------------------------------------------------------------------------------

async function main() {
  config = await fetch('/pg/config').then((r) => r.json());
  $('this-origin').textContent = location.origin;
  $('api-origin').textContent = config.api;
  $('preset').replaceChildren(...config.presets.map((p) => el('option', { value: p.id }, p.label)), el('option', { value: 'custom' }, 'custom (edited)'));
  $('app').replaceChildren(
    ...config.apps.map((a) => el('option', { value: a.id, disabled: !a.available }, a.available ? a.label : `${a.label} (not installed)`)),
  );
  $('path').replaceChildren(...config.routes.map((r) => el('option', { value: r.path }, `${r.path} — ${r.note}`)));
  const { state, go } = fromHash();
  writeForm(state);
  const preset = config.presets.find((p) => p.id === state.preset);
  $('preset-note').textContent = preset ? preset.note : 'Edited by hand.';
  $('preset').addEventListener('change', onPresetChange);
  $('policy').addEventListener('input', onPolicyEdit);
  for (const id of ['app', 'method', 'path', 'headers', 'body', 'credentials']) {
    $(id).addEventListener('input', sync);
    $(id).addEventListener('change', sync);
  }
  $('send').addEventListener('click', send);
  sync();
  await validatePolicy();
  document.body.dataset.state = 'ready';
  if (go && validated.ok) await send();
}

main();
