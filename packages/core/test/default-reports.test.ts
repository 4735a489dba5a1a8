/**
 * What the library reports on its own when no hook is given (console.error), and that a
 * failing hook never reaches the request. Each row runs in a Node process of its own
 * (fixtures/default-reports.mjs) whose standard error is read, so no test replaces a global.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = resolve(import.meta.dirname, 'fixtures/default-reports.mjs');

const rows: { rule: string; scenario: string; status: number; stderr: string }[] = [
  {
    rule: 'a handler that throws is logged by default',
    scenario: 'handler-throws',
    status: 500,
    stderr: 'fetch-cors: the handler threw; answering 500. Error: boom',
  },
  {
    rule: 'a handler answering null is logged as such by default',
    scenario: 'handler-null',
    status: 500,
    stderr: 'fetch-cors: the handler returned null, not a Response; answering 500. NotAResponse: the handler returned null, not a Response',
  },
  {
    rule: 'an origins function that throws is logged by default',
    scenario: 'origins-throws',
    status: 200,
    stderr: 'fetch-cors: the origins function threw; the origin is refused. Error: boom',
  },
  {
    rule: 'an origins function that rejects is logged by default',
    scenario: 'origins-rejects',
    status: 200,
    stderr: 'fetch-cors: the origins function threw; the origin is refused. Error: boom',
  },
  { rule: 'with onError given, an origins function that throws prints nothing', scenario: 'origins-throws-with-onError', status: 200, stderr: '' },
  {
    rule: 'a lookup under originTimeout that rejects is logged by default',
    scenario: 'lookup-rejects',
    status: 200,
    stderr: 'fetch-cors: the origins function failed; the origin is refused. Error: boom',
  },
  {
    rule: 'a lookup that times out is logged by default',
    scenario: 'lookup-times-out',
    status: 200,
    stderr: 'fetch-cors: the origins lookup for "https://app.example.com" did not answer within 1 ms (originTimeout); the origin is refused.',
  },
  {
    rule: 'an onReject that throws is logged and the preflight still refused',
    scenario: 'onReject-throws',
    status: 403,
    stderr: 'fetch-cors: onReject failed. Error: boom',
  },
  {
    rule: 'an async onReject that rejects is logged, never unhandled',
    scenario: 'onReject-rejects',
    status: 403,
    stderr: 'fetch-cors: onReject failed. Error: boom',
  },
  {
    rule: 'an async onError that rejects is logged, never unhandled',
    scenario: 'onError-rejects',
    status: 500,
    stderr: 'fetch-cors: onError failed. Error: boom',
  },
];

describe('default reports go to standard error', () => {
  it.each(rows)('$rule', async ({ scenario, status, stderr }) => {
    const { stdout, stderr: written } = await run(process.execPath, ['--experimental-transform-types', '--no-warnings', fixture, scenario]);
    expect(stdout).toBe(String(status));
    expect(written.split('\n')[0]).toBe(stderr);
  });
});
