/**
 * @fetch-cors/cli: say why a browser blocks a request.
 * - `checkCors` judges one request as a browser does, against any fetch function;
 * - `auditCors` probes a server with origins its policy should refuse.
 * The checker alone, without the Public Suffix List, is `@fetch-cors/cli/check`.
 *
 * @example
 * import { checkCors } from '@fetch-cors/cli';
 * const result = await checkCors({ url: 'http://api.test/items', origin: 'https://app.test', method: 'PUT' }, app.fetch);
 */
export * from './check/index.js';
export {
  auditCors,
  auditProbes,
  type AuditRequest,
  type AuditResult,
  type Finding,
  type Probe,
  type ProbeKind,
  type Severity,
} from './audit.js';
