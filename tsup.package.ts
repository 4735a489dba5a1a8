import { defineConfig, type Options } from 'tsup';

/** The build every published package shares: one ESM entry with its `.d.ts`. */
export function packageBuild(extra: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...extra,
  });
}
