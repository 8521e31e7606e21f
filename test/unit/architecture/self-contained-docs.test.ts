/**
 * The README and the code speak for themselves: a reader of the repository has no design notes
 * or research files beside it, so nothing may point at them (`DESIGN.md`, `../shared/…`, numbered
 * sections of a spec). Upstream facts are cited from the README's "Upstream contract" section
 * (`contract: <name>`) or from Wix's public pages; RFC sections are fine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
const OUTSIDE_REFERENCE = /DESIGN\.md|DESIGN rule|shared\/spec|PACKAGES_API|(?<!RFC \d{3,5} )§\d/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function offendingLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, index) =>
      OUTSIDE_REFERENCE.test(line) ? [`${relative(ROOT, path)}:${index + 1}: ${line.trim()}`] : [],
    );
}

describe('self-contained documentation', () => {
  it('the README points at nothing outside the repository but public pages', () => {
    expect(offendingLines(join(ROOT, 'README.md'))).toEqual([]);
  });

  it('the README holds the upstream contract the code comments cite', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('## Upstream contract');
    expect(readme).toContain('**Documented conflicts**');
  });

  it('no source or test comment points at design notes or spec sections', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'test'))].filter(
      (path) => !path.endsWith('self-contained-docs.test.ts'),
    );
    expect(files.flatMap(offendingLines)).toEqual([]);
  });
});
