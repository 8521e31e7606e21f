/**
 * Every example of README.md works as written: each GraphQL operation runs against the demo
 * data of a fresh development gateway, in README order, as the account its `# Run as:` line
 * names (no token for the default account, a development-key token for another, exactly what
 * the playground sends) and with its `# Variables:`; and each curl line to the gateway runs
 * with its headers, its body and the token its `TOKEN=$(mint-dev-token …)` line mints. An
 * operation "works" when it answers 200 with no error, no user error and no null top-level
 * field. Subscriptions (no HTTP transport) are validated against the schema.
 */
import { parse, validate } from 'graphql';
import { DEVELOPMENT_TOKEN_SECRET } from '../../src/auth/development-token';
import { mintOptionsFromArgs } from '../../src/auth/mint-dev-token';
import { mintToken } from '../../src/auth/mint-token';
import { DEMO_ACCOUNT_ID } from '../../src/config/config';
import { FIXTURE_ACCOUNTS } from '../../src/emulator/fixtures/accounts';
import { buildGatewaySchema } from '../../src/schema';
import {
  readmeCurlExamples,
  readmeGraphQLExamples,
  type GraphQLExample,
} from '../helpers/readme-examples';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway';

/** The origin the README's curl lines name (the default HOST and PORT). */
const README_ORIGIN = 'http://127.0.0.1:4000';

const examples = readmeGraphQLExamples();
const executable = examples.filter((example) => example.operationType !== 'subscription');

/** The account a `# Run as:` line names, by the demo account's name at its start. */
function accountOf(example: GraphQLExample): string {
  const runAs = example.runAs ?? '';
  const account = FIXTURE_ACCOUNTS.find((candidate) => runAs.startsWith(candidate.name ?? '?'));
  if (account === undefined) {
    throw new Error(
      `README example ${example.operationName} names no demo account in a "# Run as:" line (got "${runAs}")`,
    );
  }
  return account.id;
}

/** What a problem in an answer looks like, for a failure message that says which one. */
function problemsOf(body: { data?: unknown; errors?: unknown[] }): string[] {
  const problems: string[] = [];
  if (body.errors !== undefined) problems.push(`errors: ${JSON.stringify(body.errors)}`);
  if (body.data === null || body.data === undefined) problems.push('no data');
  for (const [field, value] of Object.entries((body.data ?? {}) as Record<string, unknown>)) {
    if (value === null) problems.push(`${field} is null`);
  }
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'userErrors' && Array.isArray(inner) && inner.length > 0) {
          problems.push(`${path}.userErrors: ${JSON.stringify(inner)}`);
        }
        walk(inner, `${path}.${key}`);
      }
    }
  };
  walk(body.data, 'data');
  return problems;
}

describe('README examples', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ seed: 'demo' });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
  });

  async function run(example: GraphQLExample): Promise<{ status: number; body: unknown }> {
    const accountId = accountOf(example);
    const headers: Record<string, string> = {};
    if (accountId !== DEMO_ACCOUNT_ID) {
      const token = await mintToken({
        secret: DEVELOPMENT_TOKEN_SECRET,
        accountId,
        scopes: 'packages:read packages:write',
        ttlSec: 600,
      });
      headers.authorization = `Bearer ${token}`;
    }
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query: example.document,
        operationName: example.operationName,
        variables: example.variables ?? {},
      }),
    });
    return { status: response.status, body: await response.json() };
  }

  it('finds the examples (queries, mutations and the subscription)', () => {
    const names = examples.map((example) => example.operationName);
    expect(names).toEqual(
      expect.arrayContaining(['FailedPackages', 'Compare', 'NewPremium', 'Move', 'Cancel']),
    );
    expect(executable.length).toBeGreaterThanOrEqual(5);
  });

  it('validates every example against the schema', () => {
    const schema = buildGatewaySchema();
    const documents = new Set(examples.map((example) => example.document));
    for (const document of documents) {
      expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
    }
  });

  it('runs every query and mutation as written, in README order, as the account it names', async () => {
    const failures: string[] = [];
    for (const example of executable) {
      const { status, body } = await run(example);
      const problems = problemsOf(body as { data?: unknown; errors?: unknown[] });
      if (status !== 200 || problems.length > 0) {
        failures.push(`${example.operationName} (HTTP ${status}): ${problems.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('replays NewPremium on a second run, as the README says (same package, nothing new)', async () => {
    const newPremium = executable.find((example) => example.operationName === 'NewPremium');
    expect(newPremium).toBeDefined();
    const first = await run(newPremium as GraphQLExample);
    const again = await run(newPremium as GraphQLExample);
    expect(problemsOf(again.body as { data?: unknown })).toEqual([]);
    expect(again.body).toEqual(first.body);
  });

  it('runs every curl line to the gateway as written', async () => {
    const curls = readmeCurlExamples(README_ORIGIN);
    expect(curls.length).toBeGreaterThanOrEqual(2);
    const failures: string[] = [];
    for (const curl of curls) {
      const headers = { ...curl.headers };
      if (headers.authorization?.includes('$TOKEN')) {
        const options = mintOptionsFromArgs(curl.tokenArgs ?? []);
        if (options === 'help')
          throw new Error(`the TOKEN line before "${curl.command}" asks for help`);
        headers.authorization = headers.authorization.replace('$TOKEN', await mintToken(options));
      }
      const response = await fetch(curl.url.replace(README_ORIGIN, gateway.url), {
        method: curl.body === undefined ? 'GET' : 'POST',
        headers,
        ...(curl.body === undefined ? {} : { body: curl.body }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      const problems = problemsOf(body);
      if (response.status !== 200 || problems.length > 0) {
        failures.push(`${curl.command} (HTTP ${response.status}): ${problems.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
