#!/usr/bin/env node
// Launcher of `npx shapegrad`: runs the TypeScript entry through tsx (no build step).
'use strict';
require('tsx/cjs');
const { main } = require('../src/cli/shapegrad.ts');
process.exitCode = main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
