// What the server-cost scripts (node-cost.mjs, runtime-cost.mjs) share: a free loopback port,
// autocannon as a promise, a process's CPU time from /proc, the median and the load average.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';

/** Microseconds per clock tick of /proc/<pid>/stat (USER_HZ = 100 on Linux). */
export const TICK_US = 1e6 / 100;

/** A port nothing listens on, on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Drives `url` for `seconds` with `connections` connections from `origin` (at `rate` req/s in all when given). */
export const cannon = (url, seconds, { connections, origin, rate }) =>
  new Promise((resolve, reject) =>
    autocannon({ url, connections, duration: seconds, headers: { origin }, ...(rate === undefined ? {} : { overallRate: Number(rate) }) }, (e, r) =>
      e ? reject(e) : resolve(r),
    ),
  );

/** User + system CPU time of process `pid` and its threads, in clock ticks. */
export const cpuTicks = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The load average, as `1.2 0.9 0.8`. */
export const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
