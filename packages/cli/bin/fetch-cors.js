#!/usr/bin/env node
// The fetch-cors command: runs the built dist/cli.js. It is a committed file, not the build
// output itself, so that `pnpm install` in a fresh checkout links the command before a build.
import '../dist/cli.js';
