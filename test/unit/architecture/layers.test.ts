import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The layer rules of the README (Architecture), checked on the source: layers point one way. */
const SRC = join(__dirname, '..', '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)'([^']+)'/g)].map(
    (match) => match[1] as string,
  );
}

const files = sourceFiles(SRC).map((file) => ({
  path: relative(SRC, file),
  imports: importsOf(file),
}));

function offenders(
  inFolder: (path: string) => boolean,
  forbidden: (specifier: string) => boolean,
): string[] {
  return files
    .filter((file) => inFolder(file.path))
    .flatMap((file) =>
      file.imports.filter(forbidden).map((specifier) => `${file.path} imports ${specifier}`),
    );
}

describe('layer rules', () => {
  it('scans the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('src/wix never imports graphql, type-graphql or GraphQL code', () => {
    expect(
      offenders(
        (path) => path.startsWith('wix/'),
        (spec) =>
          /^(graphql|type-graphql|@apollo\/)/.test(spec) || /\/(graphql|loaders)\//.test(spec),
      ),
    ).toEqual([]);
  });

  it('GraphQL code and loaders never import undici or the http client', () => {
    expect(
      offenders(
        (path) => path.startsWith('graphql/') || path.startsWith('loaders/'),
        (spec) => spec === 'undici' || /wix\/(http-client|upstream-pool)/.test(spec),
      ),
    ).toEqual([]);
  });

  it('the emulator imports nothing of the gateway but the wire types', () => {
    expect(
      offenders(
        (path) => path.startsWith('emulator/'),
        (spec) =>
          spec.startsWith('.') &&
          spec.includes('../') &&
          /\.\.\/(wix|graphql|loaders|http|config|auth|security|observability|logging|playground|gateway|context|schema|main)\b/.test(
            spec,
          ) &&
          !spec.endsWith('wix/wire-types'),
      ),
    ).toEqual([]);
  });
});
