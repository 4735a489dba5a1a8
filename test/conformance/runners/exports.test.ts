/**
 * One name means one thing in every package: each adapter exports the same list of core
 * names (the very same values as the core's), its own `withCors`, and takes the same `env`
 * option.
 */
import * as core from '@fetch-cors/core';
import * as bun from '@fetch-cors/bun';
import * as cloudflare from '@fetch-cors/cloudflare';
import * as deno from '@fetch-cors/deno';
import * as hono from '@fetch-cors/hono';
import { describe, expect, expectTypeOf, it } from 'vitest';

/** The core values every adapter re-exports. */
const SHARED = ['CONFIG_ISSUE_CODES', 'CorsConfigError', 'DEFAULT_METHODS', 'createCors', 'mergeOptions', 'optionsFromEnv'];

const ADAPTERS = [
  { name: '@fetch-cors/hono', module: hono as Record<string, unknown>, own: ['cors', 'withCors'] },
  { name: '@fetch-cors/cloudflare', module: cloudflare as Record<string, unknown>, own: ['withCors'] },
  { name: '@fetch-cors/deno', module: deno as Record<string, unknown>, own: ['createDenoCors', 'resolveDenoOptions', 'withCors'] },
  { name: '@fetch-cors/bun', module: bun as Record<string, unknown>, own: ['corsRoutes', 'createBunCors', 'resolveBunOptions', 'withCors'] },
];

describe('adapter exports', () => {
  it.each(ADAPTERS)('$name exports the shared core names and its own, nothing else', ({ module, own }) => {
    expect(Object.keys(module).sort()).toEqual([...SHARED, ...own].sort());
  });

  it.each(ADAPTERS)('$name: each shared name is the core value itself', ({ module }) => {
    for (const name of SHARED) expect([name, module[name]]).toEqual([name, (core as Record<string, unknown>)[name]]);
  });

  it.each(ADAPTERS)("$name: withCors is the adapter's own, not the core's", ({ module }) => {
    expect(module.withCors).not.toBe(core.withCors);
  });

  it('every adapter takes the same env option', () => {
    type Env = core.EnvCorsOptions['env'];
    expectTypeOf<hono.HonoCorsOptions['env']>().toEqualTypeOf<Env>();
    expectTypeOf<cloudflare.CloudflareCorsOptions['env']>().toEqualTypeOf<Env>();
    expectTypeOf<deno.DenoCorsOptions['env']>().toEqualTypeOf<Env>();
    expectTypeOf<bun.BunCorsOptions['env']>().toEqualTypeOf<Env>();
    expectTypeOf<Env>().toEqualTypeOf<boolean | core.EnvRecord | undefined>();
    expectTypeOf<hono.CorsOptions>().toEqualTypeOf<core.CorsOptions>();
    expectTypeOf<bun.CorsPolicy>().toEqualTypeOf<core.CorsPolicy>();
  });
});
