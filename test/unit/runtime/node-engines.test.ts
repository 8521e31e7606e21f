/**
 * The supported runtime, stated honestly: every package that package-lock.json installs must
 * accept the Node version running the tests, and the project's own `engines.node` must not
 * promise a version that some installed package refuses (npm's EBADENGINE).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

interface LockedPackage {
  readonly version?: string;
  readonly engines?: unknown;
}

const lock = JSON.parse(readFileSync(join(__dirname, '../../../package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

/** `engines.node` of each installed package that declares one (object form only, as npm reads it). */
function nodeRanges(): { name: string; range: string }[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const engines = entry.engines;
    if (typeof engines !== 'object' || engines === null || Array.isArray(engines)) return [];
    const range = (engines as Record<string, unknown>).node;
    if (typeof range !== 'string') return [];
    return [
      { name: path === '' ? '(this project)' : path.replace(/^.*node_modules\//, ''), range },
    ];
  });
}

function excluding(version: string): string[] {
  return nodeRanges()
    .filter(({ range }) => !semver.satisfies(version, range, { includePrerelease: true }))
    .map(({ name, range }) => `${name} needs node ${range}`);
}

describe('supported Node versions', () => {
  it('reads the engines of the installed packages (the check is not vacuous)', () => {
    expect(nodeRanges().length).toBeGreaterThan(20);
  });

  it(`every installed package accepts the running Node (${process.version})`, () => {
    expect(excluding(process.version)).toEqual([]);
  });

  it("every installed package accepts the oldest Node the project's engines allow", () => {
    const own = (lock.packages[''].engines as { node?: string } | undefined)?.node;
    expect(own).toBeDefined();
    const oldest = semver.minVersion(own as string);
    expect(oldest).not.toBeNull();
    expect(excluding((oldest as semver.SemVer).version)).toEqual([]);
  });
});
