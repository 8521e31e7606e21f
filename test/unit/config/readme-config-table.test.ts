import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every variable the config module reads must have a row in the README's table, and vice versa. */
describe('README configuration table', () => {
  const root = join(__dirname, '..', '..', '..');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const configDir = join(root, 'src', 'config');
  const configSource = readdirSync(configDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(root, 'src', 'config', file), 'utf8'))
    .join('\n');

  const readVariables = new Set(
    [
      ...configSource.matchAll(
        /(?:\.(?:raw|string|optionalString|integer|oneOf|boolean|optionalUrl|list)\(|Variable\(env,)\s*'([A-Z][A-Z0-9_]+)'/g,
      ),
    ].map((match) => match[1] as string),
  );
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
  const documented = new Set(
    [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((match) => match[1] as string),
  );

  it('finds the variables in the code', () => {
    expect(readVariables.size).toBeGreaterThan(10);
  });

  it('documents every variable the code reads', () => {
    expect([...readVariables].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no variable the code does not read', () => {
    expect([...documented].filter((name) => !readVariables.has(name))).toEqual([]);
  });
});
