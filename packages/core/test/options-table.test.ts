import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generated } from '../../../scripts/options-table.mjs';
import { OPTION_DOCS } from '../src/option-docs.js';
import { envVariable, OPTION_NAMES, OPTION_TABLE } from '../src/options.js';
import { CorsConfigError, createCors, ENV_VARIABLES, optionsFromEnv, type CorsOptions } from '../src/index.js';

const root = resolve(import.meta.dirname, '../../..');

describe('the documented option tables are the ones the option table writes', () => {
  it.each(generated(OPTION_TABLE, OPTION_DOCS).map(([path, text]) => ({ path, text })))(
    '$path (run node scripts/options-table.mjs to refresh it)',
    ({ path, text }) => {
      expect(readFileSync(resolve(root, path), 'utf8')).toBe(text);
    },
  );
});

describe('the option table drives the checks', () => {
  it('every option in the table is accepted', () => {
    const names = OPTION_NAMES.filter((n) => n !== 'resources');
    for (const name of names) {
      // Known names never get unknown-option; a wrong value gets a problem on that name.
      let error: unknown;
      try {
        createCors({ [name]: Symbol('x') } as unknown as CorsOptions);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(CorsConfigError);
      expect((error as CorsConfigError).issues.map((i) => i.option), name).toContain(name);
      expect((error as CorsConfigError).message, name).not.toContain(`${name}: is not an option`);
    }
  });
  it('every boolean option refuses a non-boolean', () => {
    const booleans = OPTION_NAMES.filter((n) => (OPTION_TABLE[n] as { bool?: boolean }).bool !== undefined);
    expect(booleans).toEqual(['supportsCredentials', 'sendWildcard', 'alwaysSend', 'automaticOptions', 'varyHeader', 'allowPrivateNetwork', 'debug']);
    for (const name of booleans) expect(() => createCors({ [name]: 'yes' } as unknown as CorsOptions), name).toThrow(CorsConfigError);
  });
  it('every CORS_* variable of the table is read', () => {
    const rows = [
      { name: 'origins', value: 'https://a.test', read: ['https://a.test'] },
      { name: 'methods', value: 'GET,PUT', read: ['GET', 'PUT'] },
      { name: 'allowHeaders', value: 'x-a', read: ['x-a'] },
      { name: 'exposeHeaders', value: 'x-b', read: ['x-b'] },
      { name: 'supportsCredentials', value: 'true', read: true },
      { name: 'maxAge', value: '60', read: 60 },
      { name: 'sendWildcard', value: '0', read: false },
      { name: 'alwaysSend', value: 'false', read: false },
      { name: 'automaticOptions', value: '1', read: true },
      { name: 'varyHeader', value: 'FALSE', read: false },
      { name: 'allowPrivateNetwork', value: 'true', read: true },
    ];
    expect(ENV_VARIABLES).toEqual(rows.map((r) => envVariable(r.name)));
    for (const { name, value, read } of rows) {
      expect(optionsFromEnv({ [envVariable(name)]: value }), name).toEqual({ [name]: read });
    }
  });
});
