/**
 * `npm run dev`: the gateway in watch mode, with no extra dependency. `tsc -b --watch` keeps
 * dist/ current (incremental: only what changed is rebuilt) and `node --watch` restarts the
 * gateway when a compiled file it loaded changes. The npm script builds once before this runs,
 * so the gateway starts from current output rather than racing the watcher. Arguments after
 * `--` pick another entry point (`npm run dev -- dist/src/emulator/cli.js`). Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// Compiled to dist/src/dev/watch.js: the project root is three levels up.
const root = join(__dirname, '..', '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const entry = process.argv[2] ?? 'dist/src/main.js';
const entryArgs = process.argv.slice(3);

const children: ChildProcess[] = [
  spawn(process.execPath, [tsc, '-b', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn(process.execPath, ['--watch', entry, ...entryArgs], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
