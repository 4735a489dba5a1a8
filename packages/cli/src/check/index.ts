/**
 * `@fetch-cors/cli/check`: the CORS checker alone, with no Node APIs and no Public Suffix List.
 *
 * @example
 * import { checkCors } from '@fetch-cors/cli/check';
 * const { verdict, check, fix } = await checkCors({ url: 'http://api.test/', origin: 'https://app.test' }, app.fetch);
 */
export { checkCors } from './checker.js';
export {
  isForbiddenRequestHeader,
  isSafelistedMethod,
  mimeEssence,
  normalizeMethod,
  unsafeHeaderNames,
  unsafeReason,
} from './safelist.js';
export {
  CHECK_NAMES,
  CheckInputError,
  type CheckName,
  type CheckRequest,
  type CheckResult,
  type CheckWarning,
  type Exchange,
  type FetchFunction,
  type PreflightReason,
  type Stage,
  type WarningCode,
} from './types.js';
