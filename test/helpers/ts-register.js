/**
 * A require hook that lets a plain `node` child process run the TypeScript sources directly
 * (`node -r ./test/helpers/ts-register.js src/main.ts`): each `.ts` file is transpiled on load
 * with the project's compiler options (no type check; `isolatedModules` makes that safe).
 * Transpiled files are cached on disk by content, so only the first child pays for loading
 * the compiler. Used by tests that must observe the gateway as a real process (signals, exit
 * codes, stdout).
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const CACHE_DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'ts-register');
const HOOK_VERSION = '1';

let ts;
function transpile(source, filename) {
  ts ??= require('typescript');
  return ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      isolatedModules: true,
      inlineSourceMap: true,
    },
  }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(`${HOOK_VERSION}\0${filename}\0${source}`).digest('hex');
  const cached = join(CACHE_DIR, `${key}.js`);
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside then renamed: a concurrent reader never sees half a file.
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, output);
    renameSync(partial, cached);
  }
  module._compile(output, filename);
};
