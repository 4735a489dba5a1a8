// The playground's server side: policies and their validation, the API under test with its
// record of every exchange, and the checker's verdict on the same request.
import { randomUUID } from 'node:crypto';
import { CorsConfigError, DEFAULT_METHODS, createCors } from '@fetch-cors/core';
import { CheckInputError, checkCors } from '@fetch-cors/cli/check';
import { APPS, ROUTES } from './apps.mjs';
import { RUNTIMES, envFromOptions, forward } from './runtimes.mjs';

/** The query parameter that ties what the API server saw to one run of the page. */
export const RUN_PARAM = 'pg';

/** Every option with the value it has when left out, as the README's option table says. */
const DEFAULTS = [
  ['origins', '*'],
  ['methods', DEFAULT_METHODS.join(', ')],
  ['allowHeaders', '*'],
  ['exposeHeaders', '(none)'],
  ['supportsCredentials', false],
  ['maxAge', '(not sent)'],
  ['sendWildcard', true],
  ['alwaysSend', true],
  ['automaticOptions', true],
  ['varyHeader', true],
  ['allowPrivateNetwork', false],
  ['preflightStatus', 204],
  ['resources', '(none)'],
  ['debug', false],
  ['websocket', 'pass'],
];

/** Request headers the browser adds to every request; left out of the record to keep it short. */
const NOISE = new Set([
  'host',
  'connection',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'referer',
  'content-length',
  'pragma',
  'cache-control',
  'priority',
  'dnt',
  'upgrade-insecure-requests',
]);

/** The presets, spelled with the page's own origins so that one of the two is refused. */
export function presets({ pageOrigin, otherOrigin }) {
  return [
    {
      id: 'public',
      label: 'public API (*)',
      note: `Any origin may read, without cookies: both ${pageOrigin} and ${otherOrigin} are allowed; a request with credentials is refused by the browser, which never accepts * with cookies.`,
      options: { origins: '*', exposeHeaders: ['X-Request-Id'] },
    },
    {
      id: 'credentials',
      label: 'one app origin with credentials',
      note: `Only ${pageOrigin}, cookies included; ${otherOrigin} is refused.`,
      options: { origins: [pageOrigin], supportsCredentials: true, exposeHeaders: ['X-Request-Id'] },
    },
    {
      id: 'allowlist',
      label: 'allow-list + subdomain pattern',
      note: `${pageOrigin} and every subdomain of preview.example.com (never the apex); ${otherOrigin} is refused.`,
      options: { origins: [pageOrigin, 'https://app.example.com', 'https://*.preview.example.com'], methods: ['GET', 'POST', 'PUT', 'DELETE'] },
    },
    {
      id: 'strict',
      label: 'strict headers list',
      note: `Only ${pageOrigin}; methods and request headers from short lists, so PATCH, DELETE or X-Other are refused at the preflight.`,
      options: {
        origins: [pageOrigin],
        methods: ['GET', 'POST', 'PUT'],
        allowHeaders: ['Content-Type', 'X-Demo'],
        exposeHeaders: ['X-Request-Id'],
        maxAge: 600,
      },
    },
    {
      id: 'private',
      label: 'private network',
      note: `Only ${pageOrigin}, and it answers Access-Control-Request-Private-Network preflights (a public page calling a server on a private address).`,
      options: { origins: [pageOrigin], allowPrivateNetwork: true },
    },
  ];
}

/** The policy in full: each option with its value, and whether it is the default. */
export function effectivePolicy(options) {
  const rows = DEFAULTS.map(([option, fallback]) =>
    Object.hasOwn(options, option) ? { option, value: options[option], isDefault: false } : { option, value: fallback, isDefault: true },
  );
  // An option the list above does not name yet is still shown when the policy sets it.
  for (const [option, value] of Object.entries(options)) {
    if (!DEFAULTS.some(([known]) => known === option)) rows.push({ option, value, isDefault: false });
  }
  rows.push({ option: 'onReject', value: 'recorded by the playground', isDefault: false });
  rows.push({ option: 'onError', value: 'recorded by the playground', isDefault: false });
  return rows;
}

/**
 * Reads and validates a policy written as JSON: `{ ok: true, options }`, or `{ ok: false, error }`
 * where `error` is the `CorsConfigError` as `createCors` threw it (name, message, issues), or the
 * JSON syntax error.
 */
export function readPolicy(text) {
  let options;
  try {
    options = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { name: 'SyntaxError', message: `The policy is not JSON: ${error.message}`, issues: [] } };
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    return {
      ok: false,
      error: { name: 'TypeError', message: 'The policy must be a JSON object of options, as in { "origins": ["https://app.example.com"] }.', issues: [] },
    };
  }
  try {
    createCors(options);
  } catch (error) {
    if (error instanceof CorsConfigError) {
      return { ok: false, error: { name: error.name, message: error.message, issues: error.issues.map((i) => ({ option: i.option, message: i.message })) } };
    }
    throw error;
  }
  return { ok: true, options, effective: effectivePolicy(options) };
}

function pickHeaders(headers, keep) {
  const out = {};
  headers.forEach((value, name) => {
    if (keep(name, value)) out[name] = value;
  });
  return out;
}

const isCorsResponseHeader = (name) => name.startsWith('access-control-') || name === 'vary' || name === 'location';
const isShownRequestHeader = (name, value) => !NOISE.has(name) && !name.startsWith('sec-') && !(name === 'accept' && value === '*/*');

/**
 * The playground's state: runs (a policy, an app and a request, each with the exchanges the API
 * server saw for it), at most `limit` kept. `runtimes` starts the apps of other runtimes.
 */
export function createPlayground({ apiOrigin, pageOrigin, otherOrigin, runtimes, limit = 500 }) {
  const runs = new Map();
  const presetList = presets({ pageOrigin, otherOrigin });
  const fallback = newRun(presetList[0].options, 'hono', null);

  /**
   * A run: its API (`fetch`, recorded), a copy for the checker (`checkerFetch`, unrecorded), and
   * for an app in another process the same policy compiled here (`shadow`), which tells the
   * onReject reason the app cannot report across processes.
   */
  function newRun(options, appId, port) {
    const run = { id: randomUUID().slice(0, 8), app: appId, exchanges: [], pending: new WeakMap(), shadow: null };
    const exchangeOf = (request) => run.pending.get(request) ?? run.exchanges.at(-1);
    const onReject = ({ request, reason, detail }) => {
      const exchange = exchangeOf(request);
      if (exchange) exchange.rejection = { reason, detail, inProcess: port === null };
    };
    const onError = (error, request) => {
      const exchange = exchangeOf(request);
      if (exchange) exchange.error = error instanceof Error ? error.message : String(error);
    };
    if (port !== null) {
      run.fetch = (request) => forward(port, request);
      run.checkerFetch = run.fetch;
      run.shadow = createCors({ ...options, onReject });
      return run;
    }
    const app = APPS.find((a) => a.id === appId) ?? APPS[0];
    run.fetch = app.build({ ...options, onReject }, onError);
    // The checker's own copy of the API, so its requests stay out of the browser's record.
    run.checkerFetch = app.build({ ...options, onReject: () => {} }, () => {});
    return run;
  }

  /** Starts the runtime's app with the policy in CORS_* variables: `{ port, env }` or `{ error }`. */
  async function startRuntime(id, options) {
    const runtime = RUNTIMES.find((r) => r.id === id);
    const { env, left } = envFromOptions(options);
    if (left.length > 0) {
      return {
        error: `The ${runtime.label} app reads its policy from CORS_* variables only, and none carries ${left.join(', ')}. Leave ${left.length === 1 ? 'it' : 'them'} out, or pick a Node app.`,
      };
    }
    try {
      return { port: await runtimes.ensure(id, env), env };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Registers a run and asks the checker about its request. */
  async function startRun({ policy, app, origin, request }) {
    const read = readPolicy(policy);
    if (!read.ok) return { ok: false, error: read.error };
    let runtime = null;
    if (RUNTIMES.some((r) => r.id === app)) {
      runtime = await startRuntime(app, read.options);
      if (runtime.error) return { ok: false, appError: runtime.error };
    }
    const run = newRun(read.options, APPS.some((a) => a.id === app) || runtime ? app : 'hono', runtime?.port ?? null);
    runs.set(run.id, run);
    if (runs.size > limit) runs.delete(runs.keys().next().value);
    const path = ROUTES.some((r) => r.path === request.path) ? request.path : '/hello';
    const method = String(request.method || 'GET');
    const hasBody = !['GET', 'HEAD'].includes(method.toUpperCase()) && typeof request.body === 'string' && request.body !== '';
    let check;
    try {
      check = await checkCors(
        {
          url: apiOrigin + path,
          origin,
          method,
          headers: request.headers ?? [],
          credentials: request.credentials === true,
          ...(hasBody ? { body: request.body } : {}),
        },
        run.checkerFetch,
      );
    } catch (error) {
      if (!(error instanceof CheckInputError)) throw error;
      check = { inputError: error.message };
    }
    const url = new URL(apiOrigin + path);
    url.searchParams.set(RUN_PARAM, run.id);
    return { ok: true, id: run.id, url: url.href, check, effective: read.effective, runtime };
  }

  /** Asks the run's policy, compiled here, what it refuses in `request` (for an app in another process). */
  async function askShadow(run, request, exchange) {
    const probe = new Request(request.url, { method: request.method, headers: request.headers });
    run.pending.set(probe, exchange);
    const preflight = run.shadow.preflight(probe);
    if (preflight !== undefined) await preflight;
    else await run.shadow.apply(probe, new Response(null));
  }

  /**
   * The API server: strips `?pg=<id>` before routing (a query parameter, because a header of
   * our own would itself make the browser send a preflight), answers with the run's policy and
   * app, records the exchange, and keeps the parameter on redirects to the API itself.
   */
  async function api(incoming) {
    const url = new URL(incoming.url);
    const id = url.searchParams.get(RUN_PARAM);
    const run = (id !== null && runs.get(id)) || fallback;
    url.searchParams.delete(RUN_PARAM);
    const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
    const request = new Request(url, {
      method: incoming.method,
      headers: incoming.headers,
      body: hasBody ? await incoming.arrayBuffer() : undefined,
      redirect: 'manual',
    });
    const exchange = {
      method: request.method,
      path: url.pathname + url.search,
      preflight: request.method === 'OPTIONS' && request.headers.has('access-control-request-method'),
      request: pickHeaders(request.headers, isShownRequestHeader),
      status: 0,
      response: {},
      rejection: null,
      error: null,
    };
    if (run !== fallback) run.exchanges.push(exchange);
    run.pending.set(request, exchange);
    if (run.shadow !== null) await askShadow(run, request, exchange);
    let response;
    try {
      response = await run.fetch(request);
    } catch (error) {
      exchange.error = error instanceof Error ? error.message : String(error);
      response = new Response('Bad Gateway: the app did not answer', { status: 502 });
    }
    exchange.status = response.status;
    exchange.response = pickHeaders(response.headers, isCorsResponseHeader);
    const location = response.headers.get('location');
    if (location === null || id === null) return response;
    const target = new URL(location, url);
    if (target.origin !== url.origin) return response;
    target.searchParams.set(RUN_PARAM, id);
    const headers = new Headers(response.headers);
    headers.set('location', target.href);
    exchange.response.location = target.href;
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  function exchanges(id) {
    const run = runs.get(id);
    return run === undefined ? null : { id, app: run.app, exchanges: run.exchanges };
  }

  return { presets: presetList, startRun, api, exchanges };
}
