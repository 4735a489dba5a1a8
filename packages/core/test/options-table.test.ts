import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generated } from '../../../scripts/options-table.mjs';
import { OPTION_DOCS } from '../src/option-docs.js';
import { envVariable, OPTION_NAMES, OPTION_TABLE, type EnvReader, type OptionRow } from '../src/options.js';
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
      expect(
        (error as CorsConfigError).issues.map((i) => i.option),
        name,
      ).toContain(name);
      expect((error as CorsConfigError).message, name).not.toContain(`${name}: is not an option`);
    }
  });
  it('every boolean option refuses a non-boolean, naming it with wrong-type', () => {
    const booleans = OPTION_NAMES.filter((n) => (OPTION_TABLE[n] as OptionRow).bool !== undefined);
    expect(booleans).toContain('supportsCredentials');
    for (const name of booleans) {
      let error: unknown;
      try {
        createCors({ [name]: 'yes' } as unknown as CorsOptions);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(CorsConfigError);
      expect(
        (error as CorsConfigError).issues.map((i) => [i.option, i.code]),
        name,
      ).toContainEqual([name, 'wrong-type']);
    }
  });
  it('every CORS_* variable of the table is read with its reader', () => {
    // One sample per reader; the vectors show each variable's effect on the answers.
    const samples: Record<EnvReader, { value: string; read: unknown }[]> = {
      list: [{ value: ' x-a , ,x-b ', read: ['x-a', 'x-b'] }],
      bool: [
        { value: 'TRUE', read: true },
        { value: '0', read: false },
      ],
      seconds: [{ value: '60', read: 60 }],
    };
    const withEnv = OPTION_NAMES.filter((n) => (OPTION_TABLE[n] as OptionRow).env !== undefined);
    expect(ENV_VARIABLES).toEqual(withEnv.map(envVariable));
    for (const name of withEnv) {
      for (const { value, read } of samples[(OPTION_TABLE[name] as OptionRow).env as EnvReader]) {
        expect(optionsFromEnv({ [envVariable(name)]: value }), `${envVariable(name)}=${value}`).toEqual({ [name]: read });
      }
    }
  });
});
