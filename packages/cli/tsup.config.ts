import { packageBuild } from '../../tsup.package';

// Three entries: the package root (checker + audit), the checker alone (no Public Suffix List,
// no Node APIs) and the command. Node 20 is the oldest runtime the command supports.
export default packageBuild({
  entry: { index: 'src/index.ts', check: 'src/check/index.ts', cli: 'src/cli.ts' },
  target: 'node20',
  external: ['tldts'],
});
