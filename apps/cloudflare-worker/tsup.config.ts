import { defineConfig } from 'tsup';

// One self-contained ES module for workerd: the adapter and the core are bundled in.
export default defineConfig({
  entry: { worker: 'src/worker.ts' },
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  noExternal: [/.*/],
  dts: false,
  clean: true,
});
