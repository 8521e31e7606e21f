/**
 * Writes `schema.graphql` at the project root: the reviewed, committed SDL of the gateway
 * (a reviewed artifact), sorted so diffs show only real changes. Run with `npm run emit-schema`;
 * test/integration/schema-drift.test.ts fails when the file and the code disagree.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildGatewaySchema } from './schema';

/** The nearest directory above `start` holding package.json (works from src/ and dist/src/). */
function projectRoot(start: string): string {
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('package.json not found above ' + start);
    directory = parent;
  }
  return directory;
}

/** Where the committed SDL lives. */
export function schemaFilePath(): string {
  return join(projectRoot(__dirname), 'schema.graphql');
}

/** The SDL of the gateway schema, sorted, with a trailing newline. */
export function gatewaySchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(buildGatewaySchema()))}\n`;
}

if (require.main === module) {
  const file = schemaFilePath();
  writeFileSync(file, gatewaySchemaSdl(), 'utf8');
  process.stdout.write(`wrote ${file}\n`);
}
