import { readFileSync } from 'node:fs';
import { gatewaySchemaSdl, schemaFilePath } from '../../src/emit-schema';

describe('schema.graphql', () => {
  it('matches the schema built from the code', () => {
    const committed = readFileSync(schemaFilePath(), 'utf8');
    const built = gatewaySchemaSdl();
    if (committed !== built) {
      throw new Error(
        'schema.graphql is out of date with the code: run `npm run emit-schema` and commit ' +
          'the result (review the diff: it is the public API).',
      );
    }
  });
});
