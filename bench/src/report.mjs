// Turns the raw per-round medians of one runtime into tables and target verdicts.

const median = (xs) => {
  const a = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (!a.length) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};
const stat = (xs) => (xs ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : undefined);

export const CONFIG_LABEL = {
  defaults: 'defaults',
  list: '3 origins + credentials + expose',
};
const PEERS = ['itty', 'hono/cors', 'h3 handleCors'];
const BASELINE = {
  ours: 'bare',
  'policy sync': 'bare',
  itty: 'bare',
  'hono/cors': 'hono app',
  '@fetch-cors/hono': 'hono app',
  'h3 handleCors': 'h3 app',
};
const BIG_TO_SMALL = {
  'GET allowed (exact, last of 1000)': 'GET allowed',
  'GET allowed (pattern, last of 100)': 'GET allowed',
  'GET refused': 'GET refused',
  'preflight allowed': 'preflight allowed',
  'preflight refused': 'preflight refused',
};

/** Per-round difference a − b (rounds are paired: same round, same machine state). */
function diff(samples, a, b) {
  const xa = samples[a];
  const xb = samples[b];
  if (!xa || !xb) return undefined;
  return xa.map((v, i) => v - xb[i]);
}

export function analyse(result) {
  const s = result.samples;
  const has = (id) => Array.isArray(s[id]);
  const rows = [];
  const matrix = {};
  for (const id of Object.keys(s)) {
    const m = id.match(/^matrix\/([^/]+)\/([^/]+)\/(.+)$/);
    if (!m) continue;
    const [, cfg, sc, impl] = m;
    const key = `${cfg}/${sc}`;
    matrix[key] ??= { cfg, sc, impls: {} };
    const base = BASELINE[impl];
    const entry = { ns: stat(s[id]) };
    if (base) {
      const d = diff(s, id, `matrix/${key}/${base}`);
      if (d) entry.overhead = stat(d);
    }
    matrix[key].impls[impl] = entry;
  }
  for (const row of Object.values(matrix)) {
    const ours = row.impls.ours?.overhead?.median;
    for (const [impl, e] of Object.entries(row.impls)) {
      if (impl !== 'ours' && e.overhead && ours > 0) e.ratio = e.overhead.median / ours;
    }
    const fh = row.impls['@fetch-cors/hono']?.overhead?.median;
    const hc = row.impls['hono/cors']?.overhead?.median;
    if (fh > 0 && hc != null) row.impls['hono/cors'].ratioVsAdapter = hc / fh;
    rows.push(row);
  }

  // floors
  const floorActualId = 'floor/actual: read Origin + 3 headers + Vary';
  const floorPreId = 'floor/preflight: new Response with 6 headers';
  const floorRefId = 'floor/refused: read Origin + Vary';
  const floorPreReadId = 'floor/preflight: read 3 headers + new Response with 6';
  const floors = {
    actualOverhead: has(floorActualId) ? stat(diff(s, floorActualId, 'matrix/list/GET allowed/bare')) : undefined,
    actualTotal: has(floorActualId) ? stat(s[floorActualId]) : undefined,
    refusedOverhead: has(floorRefId) ? stat(diff(s, floorRefId, 'matrix/list/GET refused/bare')) : undefined,
    preflight: has(floorPreId) ? stat(s[floorPreId]) : undefined,
    preflightWithReads: has(floorPreReadId) ? stat(s[floorPreReadId]) : undefined,
  };

  // body-less handler: core and floors only
  const quiet = [];
  const qa = 'quiet/floor/actual: read Origin + 3 headers + Vary';
  const qr = 'quiet/floor/refused: read Origin + Vary';
  const quietFloors = {
    actual: has(qa) ? stat(diff(s, qa, 'quiet/list/GET allowed/bare')) : undefined,
    refused: has(qr) ? stat(diff(s, qr, 'quiet/list/GET refused/bare')) : undefined,
  };
  for (const id of Object.keys(s)) {
    const m = id.match(/^quiet\/(defaults|list)\/([^/]+)\/bare$/);
    if (!m) continue;
    const key = `quiet/${m[1]}/${m[2]}`;
    const honoBase = `${key}/hono app`;
    quiet.push({
      cfg: m[1],
      sc: m[2],
      bare: stat(s[id]),
      ours: stat(diff(s, `${key}/ours`, id)),
      sync: stat(diff(s, `${key}/policy sync`, id)),
      honoCors: stat(diff(s, `${key}/hono/cors`, honoBase)),
      adapter: stat(diff(s, `${key}/@fetch-cors/hono`, honoBase)),
      noop: has(`${key}/hono no-op middleware`) ? stat(diff(s, `${key}/hono no-op middleware`, honoBase)) : undefined,
    });
  }

  // big policy vs the 3-origin list
  const big = [];
  for (const [sc, small] of Object.entries(BIG_TO_SMALL)) {
    const id = `big/${sc}/ours`;
    const smallId = `matrix/list/${small}/ours`;
    if (!has(id) || !has(smallId) || !has(`matrix/list/${small}/bare`)) continue;
    const bareId = `matrix/list/${small}/bare`;
    const bigTotal = stat(s[id]);
    const smallTotal = stat(s[smallId]);
    const bigOv = stat(diff(s, id, bareId));
    const smallOv = stat(diff(s, smallId, bareId));
    const mixedId = `big/${sc}/ours (3 incl. pattern)`;
    const mixed = has(mixedId) ? stat(s[mixedId]) : undefined;
    big.push({
      sc,
      big: bigTotal,
      small: smallTotal,
      bigOverhead: bigOv,
      smallOverhead: smallOv,
      mixed,
      ratioTotal: bigTotal.median / smallTotal.median,
      ratioOverhead: bigOv.median / smallOv.median,
    });
  }

  const header = {};
  for (const id of Object.keys(s)) {
    const m = id.match(/^header(64k|4k)\/(.+)$/);
    if (m) {
      header[m[1]] ??= {};
      header[m[1]][m[2]] = { ns: stat(s[id]) };
    }
  }
  for (const [size, byImpl] of Object.entries(header)) {
    for (const [impl, e] of Object.entries(byImpl)) {
      const base = BASELINE[impl.replace(/ \(list\)$/, '')];
      if (base && byImpl[base]) e.overhead = stat(diff(s, `header${size}/${impl}`, `header${size}/${base}`));
    }
  }

  const create = {};
  for (const id of Object.keys(s)) {
    const m = id.match(/^create\/(.+)$/);
    if (m) create[m[1]] = stat(s[id]);
  }

  // JS-heap bytes per request over the bare handler (Node, Deno)
  const alloc = [];
  const al = result.alloc ?? {};
  for (const [id, bytes] of Object.entries(al)) {
    const m = id.match(/^matrix\/([^/]+)\/([^/]+)\/(.+)$/);
    if (m) {
      const base = al[`matrix/${m[1]}/${m[2]}/bare`];
      if (m[3] !== 'bare') alloc.push({ case: `${CONFIG_LABEL[m[1]]} · ${m[2]}`, impl: m[3], bytes, over: bytes - base });
    } else if (id.startsWith('floor/')) {
      const base = al[id.includes('refused') ? 'matrix/list/GET refused/bare' : 'matrix/list/GET allowed/bare'];
      alloc.push({ case: id.slice(6), impl: 'floor (by hand)', bytes, over: bytes - base });
    }
  }

  return { rows, floors, quiet, quietFloors, big, header, create, alloc, targets: targets({ rows, floors, quiet, quietFloors, big, header, alloc }) };
}

function targets({ rows, floors, quiet, quietFloors, big, header, alloc }) {
  const t = [];
  // allocation: refused and no-Origin requests may allocate what Vary needs, nothing more
  const floorAlloc = alloc.find((x) => x.case.startsWith('refused'))?.over;
  if (floorAlloc != null) {
    for (const x of alloc) {
      if (x.impl !== 'ours' || !/refused|no Origin/.test(x.case)) continue;
      t.push({
        target: 'refused / no Origin: no allocation beyond Vary',
        case: x.case,
        value: x.over,
        limit: floorAlloc + 16,
        pass: x.over <= floorAlloc + 16,
        bytes: true,
        detail: `+${Math.round(x.over)} B vs +${Math.round(floorAlloc)} B (read Origin + append Vary)`,
      });
    }
  }
  // overhead vs floor: measured with the body-less handler (see cases.mjs)
  const qf = quietFloors.actual?.median;
  for (const q of quiet) {
    if (!q.ours || !(qf > 0)) continue;
    const label = `${CONFIG_LABEL[q.cfg]}, ${q.sc}`;
    const r = q.ours.median / qf;
    t.push({
      target: 'actual: withCors overhead ≤ 1.5× floor',
      case: label,
      value: r,
      limit: 1.5,
      pass: r <= 1.5,
      detail: `${fmt(q.ours.median)} vs floor ${fmt(qf)} ns; policy.apply ${fmt(q.sync?.median)}`,
    });
    const hc = q.honoCors?.median;
    if (hc > 0) {
      const r1 = q.ours.median / hc;
      t.push({
        target: 'actual: withCors overhead ≤ ⅓ of hono/cors',
        case: label,
        value: r1,
        limit: 1 / 3,
        pass: r1 <= 1 / 3,
        detail: `${fmt(q.ours.median)} vs ${fmt(hc)} ns`,
      });
      if (q.adapter) {
        const r2 = q.adapter.median / hc;
        t.push({
          target: 'actual (Hono app): @fetch-cors/hono ≤ ⅓ of hono/cors',
          case: label,
          value: r2,
          limit: 1 / 3,
          pass: r2 <= 1 / 3,
          detail: `${fmt(q.adapter.median)} vs ${fmt(hc)} ns${q.noop ? `; a no-op middleware alone: ${fmt(q.noop.median)} (${ratio(q.noop.median / hc)} of hono/cors), ours minus it: ${fmt(q.adapter.median - q.noop.median)}` : ''}`,
        });
      }
    }
    const qr = quietFloors.refused?.median;
    if (/refused|no Origin/.test(q.sc) && qr > 0) {
      t.push({
        target: 'refused / no Origin: vs read-Origin-and-append-Vary floor',
        case: label,
        value: q.ours.median / qr,
        limit: Infinity,
        pass: true,
        info: true,
        detail: `${fmt(q.ours.median)} vs ${fmt(qr)} ns; policy.apply ${fmt(q.sync?.median)}`,
      });
    }
  }
  for (const row of rows) {
    const ours = row.impls.ours;
    if (!ours?.overhead) continue;
    const label = `${CONFIG_LABEL[row.cfg]}, ${row.sc}`;
    if (row.sc.startsWith('preflight') && floors.preflight) {
      const r = ours.ns.median / floors.preflight.median;
      t.push({
        target: 'preflight: total ≤ 1.3× new Response(6 headers)',
        case: label,
        value: r,
        limit: 1.3,
        pass: r <= 1.3,
        detail: `${fmt(ours.ns.median)} vs ${fmt(floors.preflight.median)} ns`,
      });
    }
  }
  for (const b of big) {
    t.push({
      target: '1000 origins + 100 patterns ≤ 1.2× 3 origins',
      case: b.sc,
      value: b.ratioTotal,
      limit: 1.2,
      pass: b.ratioTotal <= 1.2,
      detail: `${fmt(b.big.median)} vs ${fmt(b.small.median)} ns total (of the fastest rounds: ${ratio(b.big.min / b.small.min)})${b.mixed ? `; vs 3 entries incl. a pattern ${fmt(b.mixed.median)} (${ratio(b.big.median / b.mixed.median)})` : ''}`,
    });
  }
  for (const [impl, e] of Object.entries(header['64k'] ?? {})) {
    if (!impl.startsWith('ours')) continue;
    t.push({
      target: '64 KiB Access-Control-Request-Headers < 1 ms',
      case: impl,
      value: e.ns.median,
      limit: 1e6,
      pass: e.ns.median < 1e6,
      detail: `${fmt(e.ns.median)} ns`,
    });
  }
  return t;
}

// ---------------------------------------------------------------- formatting
export function fmt(ns) {
  if (ns == null || Number.isNaN(ns)) return '–';
  const a = Math.abs(ns);
  if (a >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (a >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns).toLocaleString('en-US')}`;
}
const range = (st) => `${fmt(st.median)} [${fmt(st.min)}–${fmt(st.max)}]`;
const ratio = (r) => (r == null || !Number.isFinite(r) ? '' : `${r.toFixed(r >= 10 ? 0 : 2)}×`);

export function mdTable(head, body) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function textTable(head, body) {
  const all = [head, ...body].map((r) => r.map(String));
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(all[0]), w.map((n) => '─'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

const IMPL_ORDER = ['bare', 'ours', 'policy sync', 'itty', 'hono app', '@fetch-cors/hono', 'hono/cors', 'h3 app', 'h3 handleCors'];
const IMPL_LABEL = { ours: 'withCors (@fetch-cors/core)', 'policy sync': 'createCors: preflight() ?? apply()' };

/** Full detail: one row per implementation and case. */
export function detailTables(a) {
  const head = ['case', 'implementation', 'ns/op median [min–max]', 'overhead ns', 'peer ÷ ours'];
  const body = [];
  for (const row of a.rows) {
    for (const impl of IMPL_ORDER) {
      const e = row.impls[impl];
      if (!e) continue;
      let r = ratio(e.ratio);
      if (e.ratioVsAdapter != null) r += ` (${ratio(e.ratioVsAdapter)} of @fetch-cors/hono)`;
      body.push([`${CONFIG_LABEL[row.cfg]} · ${row.sc}`, IMPL_LABEL[impl] ?? impl, range(e.ns), e.overhead ? range(e.overhead) : '', r]);
    }
  }
  return { head, body };
}

/** Actual requests: overhead (ns) of each library over its baseline; brackets: peer ÷ withCors. */
export function overheadTable(a) {
  const cols = ['ours', 'policy sync', '@fetch-cors/hono', 'itty', 'hono/cors', 'h3 handleCors'];
  const head = [
    'actual request',
    'bare handler',
    'withCors',
    'policy.apply (sync)',
    '@fetch-cors/hono',
    'itty-router cors',
    'hono/cors',
    'h3 handleCors',
    'hono/cors ÷ @fetch-cors/hono',
  ];
  const body = a.rows
    .filter((row) => !row.sc.startsWith('preflight'))
    .map((row) => [
      `${CONFIG_LABEL[row.cfg]} · ${row.sc}`,
      fmt(row.impls.bare?.ns.median),
      ...cols.map((c) => {
        const e = row.impls[c];
        if (!e?.overhead) return '–';
        const r = c === 'ours' || c === 'policy sync' || c === '@fetch-cors/hono' || e.ratio == null ? '' : ` (${ratio(e.ratio)})`;
        return `+${fmt(e.overhead.median)}${r}`;
      }),
      ratio(row.impls['hono/cors']?.ratioVsAdapter) || '–',
    ]);
  return { head, body };
}

/** Preflights: total ns/op (a preflight replaces the handler, so "overhead" means little). */
export function preflightTable(a) {
  const head = ['preflight', 'withCors', 'itty-router cors', 'Hono app: @fetch-cors/hono', 'Hono app: hono/cors', 'h3 app: handleCors'];
  const tot = (row, c, vs) => {
    const e = row.impls[c];
    if (!e) return '–';
    const base = vs && row.impls[vs]?.ns.median;
    return `${fmt(e.ns.median)}${base ? ` (${ratio(e.ns.median / base)})` : ''}`;
  };
  const body = a.rows
    .filter((row) => row.sc.startsWith('preflight'))
    .map((row) => [
      `${CONFIG_LABEL[row.cfg]} · ${row.sc}`,
      tot(row, 'ours'),
      tot(row, 'itty', 'ours'),
      tot(row, '@fetch-cors/hono'),
      tot(row, 'hono/cors', '@fetch-cors/hono'),
      tot(row, 'h3 handleCors'),
    ]);
  return { head, body };
}

export function floorTable(a) {
  const f = a.floors;
  const body = [];
  if (f.actualOverhead) body.push(['actual: read Origin + set 3 headers + Vary (over bare)', `+${range(f.actualOverhead)}`]);
  if (f.refusedOverhead) body.push(['refused: read Origin + append Vary (over bare)', `+${range(f.refusedOverhead)}`]);
  if (f.preflight) body.push(['preflight: new Response(null, 6 headers), total', range(f.preflight)]);
  if (f.preflightWithReads) body.push(['preflight: read 3 request headers + new Response, total', range(f.preflightWithReads)]);
  return { head: ['floor', 'ns/op'], body };
}

export function bigTable(a) {
  return {
    head: ['case', '1000 + 100 patterns', '3 origins', 'ratio (total)', 'overhead 1100 / 3', '3 entries incl. a pattern', 'ratio to that'],
    body: a.big.map((b) => [
      b.sc,
      range(b.big),
      range(b.small),
      ratio(b.ratioTotal),
      `${fmt(b.bigOverhead.median)} / ${fmt(b.smallOverhead.median)}`,
      b.mixed ? range(b.mixed) : '–',
      b.mixed ? ratio(b.big.median / b.mixed.median) : '–',
    ]),
  };
}

export function headerTable(a, answers) {
  const body = [];
  for (const [size, byImpl] of Object.entries(a.header)) {
    for (const [impl, e] of Object.entries(byImpl)) {
      const ans = answers?.[`header${size}/${impl}`];
      const acah = ans?.headers?.['access-control-allow-headers'];
      const what = !ans ? '' : `${ans.status}${acah ? `, echoes ${acah.match(/\((\d+) chars\)/)?.[1] ?? acah.length} chars` : ''}`;
      body.push([
        `${size === '64k' ? '64 KiB' : '4,000 chars'} · ${IMPL_LABEL[impl] ?? impl}`,
        range(e.ns),
        e.overhead ? `+${fmt(e.overhead.median)}` : '',
        what,
      ]);
    }
  }
  return { head: ['Access-Control-Request-Headers', 'ns/op', 'overhead', 'answer'], body };
}

export function createTable(a) {
  return { head: ['createCors', 'time per call'], body: Object.entries(a.create).map(([k, v]) => [k, range(v)]) };
}

export function targetTable(a) {
  return {
    head: ['target', 'case', 'measured', 'verdict'],
    body: a.targets.map((t) => [
      t.target,
      t.case,
      t.limit === 1e6 || t.bytes ? t.detail : `${ratio(t.value)} (${t.detail})`,
      t.info ? '(info)' : t.pass ? 'met' : 'MISSED',
    ]),
  };
}

export function allocTable(a) {
  return {
    head: ['GET', 'implementation', 'JS heap bytes/request', 'over bare handler'],
    body: a.alloc.map((x) => [
      x.case,
      IMPL_LABEL[x.impl] ?? x.impl,
      x.bytes == null ? '–' : Math.round(x.bytes),
      x.over == null || Number.isNaN(x.over) ? '–' : `+${Math.round(x.over)}`,
    ]),
  };
}

export function quietTable(a) {
  const cell = (x) => (x ? `+${range(x)}` : '–');
  const body = a.quiet.map((q) => [
    `${CONFIG_LABEL[q.cfg]} · ${q.sc}`,
    fmt(q.bare.median),
    cell(q.ours),
    cell(q.sync),
    cell(q.noop),
    cell(q.adapter),
    q.honoCors ? `${cell(q.honoCors)} (${ratio(q.honoCors.median / q.ours?.median)})` : '–',
  ]);
  if (a.quietFloors.actual) body.push(['floor: read Origin + set 3 headers + Vary', '', cell(a.quietFloors.actual), '', '', '', '']);
  if (a.quietFloors.refused) body.push(['floor: read Origin + append Vary', '', cell(a.quietFloors.refused), '', '', '', '']);
  return {
    head: [
      'actual request (body-less handler)',
      'handler ns/op',
      'withCors',
      'policy.apply (sync)',
      'no-op middleware (Hono app)',
      '@fetch-cors/hono (Hono app)',
      'hono/cors (Hono app; ÷ withCors)',
    ],
    body,
  };
}

/** What docs/behaviour.md says our cases must answer; a mismatch means the numbers measure something else. */
export function checkAnswers(answers) {
  const problems = [];
  const ours = /\/(ours|policy sync|@fetch-cors\/hono)$/;
  for (const [id, a] of Object.entries(answers ?? {})) {
    if (!ours.test(id) && !id.startsWith('header64k/ours') && !id.startsWith('header64k/@fetch')) continue;
    const h = a.headers;
    const acao = h['access-control-allow-origin'];
    const expect = (cond, what) => {
      if (!cond) problems.push(`${id}: ${what} (got ${a.status} ${JSON.stringify(h)})`);
    };
    if (id.startsWith('header64k/')) {
      expect(a.status === 403, 'a 64 KiB request-header list is refused with 403');
      continue;
    }
    const list = id.includes('/list/') || id.startsWith('big/');
    if (/GET allowed/.test(id)) {
      expect(list ? acao && acao !== '*' : acao === '*', 'allowed GET carries Allow-Origin');
      if (list) expect(h['access-control-allow-credentials'] === 'true', 'credentials sent');
    }
    if (/GET refused/.test(id)) expect(acao === undefined && /origin/i.test(h.vary ?? ''), 'refused GET: no Allow-Origin, Vary: Origin');
    if (/GET no Origin/.test(id) && list) expect(acao === undefined, 'no Origin + list: no Allow-Origin');
    if (/preflight allowed/.test(id)) expect(a.status === 204 && acao, 'allowed preflight: 204 with Allow-Origin');
    if (/preflight refused/.test(id)) expect(a.status === 403 && acao === undefined, 'refused preflight: 403');
  }
  return problems;
}

/** One table over every runtime: our overhead (actual) or total (preflight), each peer's ÷ ours. */
export function summaryTable(byRuntime) {
  const f = (x) => (x == null ? '–' : fmt(x));
  const body = [];
  for (const [rt, r] of byRuntime) {
    for (const row of r.analysis.rows) {
      const i = row.impls;
      const pre = row.sc.startsWith('preflight');
      const v = (k) => (pre ? i[k]?.ns.median : i[k]?.overhead?.median);
      const cell = (k, base) => {
        const x = v(k);
        if (x == null) return '–';
        return `${pre ? '' : '+'}${f(x)}${base ? ` (${ratio(x / base)})` : ''}`;
      };
      const ours = v('ours');
      body.push([
        `${rt} ${r.version}`,
        `${CONFIG_LABEL[row.cfg]} · ${row.sc}${pre ? ' (total)' : ''}`,
        cell('ours'),
        cell('itty', ours),
        cell('@fetch-cors/hono'),
        cell('hono/cors', pre ? v('@fetch-cors/hono') : ours),
        pre ? cell('h3 handleCors') : cell('h3 handleCors', ours),
      ]);
    }
  }
  return { head: ['runtime', 'request', 'withCors', 'itty-router cors', '@fetch-cors/hono', 'hono/cors', 'h3 handleCors'], body };
}
