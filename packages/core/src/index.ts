/**
 * @fetch-cors/core: CORS for any Fetch-API handler.
 *
 * @example
 * import { withCors } from '@fetch-cors/core';
 * export default { fetch: withCors(() => new Response('hi'), { origins: ['https://app.example.com'] }) };
 */
export { applyWithOrigin, createCors, type CorsPolicy } from './policy.js';
export { actualHead, type ActualHead, type HeadRecord } from './head.js';
export { nodeOutgoing, writeOnNodeHead, type NodeOutgoing } from './node-head.js';
export { withCors, withUpgradableCors, isPolicy } from './with-cors.js';
export { envPolicy, policyPerEnv, withCorsPerEnv } from './per-env.js';
export { isThenable, type MaybePromise } from './promise.js';
export { upgradesToWebSocket } from './websocket.js';
export {
  ENV_VARIABLES,
  FOREIGN_ENV_VARIABLES,
  PROBED_ENV_VARIABLES,
  meantVariable,
  mergeOptions,
  optionsFromEnv,
  resolveEnvOptions,
  type EnvCorsOptions,
  type EnvRecord,
} from './env.js';
export { OriginLookupTimeout } from './lookup.js';
export { CONFIG_ISSUE_CODES, CorsConfigError, type ConfigIssueCode, type CorsConfigIssue } from './errors.js';
export {
  DEFAULT_METHODS,
  type CorsOptions,
  type CorsRejection,
  type OriginCacheOptions,
  type OriginFunction,
  type OriginsOption,
  type RejectReason,
  type ResourceOptions,
  type WebSocketOption,
} from './options.js';
