#!/usr/bin/env node
// npm start: compile to dist/ when any source is newer than the last build, then run the compiled server.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'index.js');
const stamp = join(root, 'dist', '.tsbuildinfo');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'sandbox')), statSync(join(root, 'tsconfig.build.json')).mtimeMs);
if (!existsSync(entry) || !existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  process.stderr.write('incident-bridge: compiling to dist/ …\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  const now = new Date();
  utimesSync(stamp, now, now);
}
require(entry);
