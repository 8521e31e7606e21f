#!/usr/bin/env node
/**
 * `npm run dev`: the gateway in watch mode, with no extra dependency. `tsc -b --watch` keeps
 * dist/ current (incremental: only what changed is rebuilt) and `node --watch` restarts the
 * gateway when a compiled file it loaded changes. Arguments after `--` pick another entry point
 * (`npm run dev -- dist/src/emulator/cli.js`). Ctrl-C stops both.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const entry = process.argv[2] ?? 'dist/src/main.js';
const entryArgs = process.argv.slice(3);

// A first build, so the gateway starts from current output rather than racing the watcher.
const first = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  spawn(process.execPath, [tsc, '-b', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn(process.execPath, ['--watch', entry, ...entryArgs], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
