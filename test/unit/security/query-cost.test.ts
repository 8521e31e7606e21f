import { parse } from 'graphql';
import { createCostCheck, variablesAffectingCost } from '../../../src/security/cost-check';
import {
  estimateQueryCost,
  PACKAGES_COST_MODEL,
  type QueryCost,
} from '../../../src/security/query-cost';
import {
  firstCode,
  fixtureSchema,
  run,
  startFixtureServer,
  type FixtureServer,
} from './fixture-schema';

const BOMB = `{
  packages(first: 100) { edges { node { productInstances {
    referenceProductInstance { package { productInstances { id } } }
  } } } }
}`;

const DASHBOARD = `query Dashboard {
  packages(first: 20) {
    edges { node { id productInstances { id instanceId status referenceProductInstance { id } } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

/** Cheap by expectation, ruinous at maximum size: a lookup under instances under instances. */
const NESTED_FAN_OUT = `{
  packages(first: 1) { edges { node { productInstances {
    package { productInstances { referenceProductInstance { id } } }
  } } } }
}`;

function cost(query: string, variables?: Record<string, unknown>): QueryCost {
  return estimateQueryCost({
    schema: fixtureSchema,
    document: parse(query),
    ...(variables ? { variables } : {}),
  });
}

describe('estimateQueryCost', () => {
  it('charges 1 per lookup, 1 per 100 expected items (1 each at worst), nothing for a primed package', () => {
    // 1 + 10 instances × 0.01 (rounded up); worst case 1 + 1000 instances × 1
    expect(cost('{ package(id: "p1") { id productInstances { id status } } }')).toEqual({
      expected: 2,
      worstCase: 1001,
    });
    // an instance always arrives inside its package: `package` is served from the loader cache
    expect(cost('{ productInstance(instanceId: "i1") { package { id } } }')).toEqual({
      expected: 1,
      worstCase: 1,
    });
  });

  it('multiplies page selections by first (default 20 from the schema, variables honoured)', () => {
    // per package: 10 instances × (1 reference lookup + 0.01 for the item itself)
    const perPackageLookup =
      'edges { node { productInstances { referenceProductInstance { id } } } }';
    expect(cost(`{ packages { ${perPackageLookup} } }`).expected).toBe(1 + 20 * 10.1);
    expect(cost(`{ packages(first: 5) { ${perPackageLookup} } }`).expected).toBe(52);
    expect(
      cost(`query Q($n: Int) { packages(first: $n) { ${perPackageLookup} } }`, { n: 50 }).expected,
    ).toBe(1 + 50 * 10.1);
  });

  it('prices the dashboard query and the bomb', () => {
    // 1 page + totalCount 1 (once, not per item) + 20 packages × 10 instances × (1 lookup + 0.01)
    // worst case: 2 + 20 × 1000 × (1 lookup + 1 for the item)
    expect(cost(DASHBOARD)).toEqual({ expected: 204, worstCase: 2 + 20 * 1000 * 2 });
    // totalCount under a directive is not separable: charged per item (conservative)
    expect(cost('{ packages { totalCount @include(if: true) } }').expected).toBe(1 + 20);
    // 1 + 100 × n × (reference 1 + its package's n instances × c + c): n = 10 and c = 0.01
    // expected, n = 1000 and c = 1 at worst
    expect(cost(BOMB)).toEqual({ expected: 1111, worstCase: 1 + 100 * 1000 * 1002 });
    // 1 + n × (n × (1 + c) + c)
    expect(cost(NESTED_FAN_OUT)).toEqual({ expected: 103, worstCase: 2_001_001 });
  });

  it('prices the back-reference to the parent package as the fan-out it is', () => {
    // issue 11: each alias repeats the package's n instances for each of its n instances.
    const aliases = Array.from(
      { length: 8 },
      (_, i) =>
        `a${i}: package(id: $P) { productInstances { package { productInstances { instanceId } } } }`,
    );
    const fanOut = `query F($P: ID!) { ${aliases.join(' ')} }`;
    // 8 × (1 + n × (n × c + c)): cheap as expected, 8 million items at worst
    expect(cost(fanOut, { P: 'p1' })).toEqual({ expected: 17, worstCase: 8 * 1_001_001 });
    // a single back-reference to read the package's own fields stays cheap
    expect(cost('{ package(id: "p1") { productInstances { package { id } } } }')).toEqual({
      expected: 2,
      worstCase: 1001,
    });
  });

  it('charges each mutation root field as one call', () => {
    expect(
      cost('mutation { a: cancelPackage(id: "1") { id } b: cancelPackage(id: "2") { id } }'),
    ).toEqual({
      expected: 2,
      worstCase: 2,
    });
  });

  it('charges a create by its number of products (literal or variable)', () => {
    const products = (n: number) => Array.from({ length: n }, () => ({ catalogProductId: 'c' }));
    const create =
      'mutation C($input: CreatePackageInput!) { createPackage(input: $input) { userErrors { message } } }';
    // 1 write + 3 products + userErrors (1 × 0.01 expected, 20 × 1 at worst)
    expect(cost(create, { input: { products: products(3) } })).toEqual({
      expected: 5,
      worstCase: 24,
    });
    expect(cost(create, { input: { products: products(1000) } }).expected).toBe(1002);
    expect(
      cost(
        'mutation { createPackage(input: { products: [{ catalogProductId: "c" }] }) { __typename } }',
      ),
    ).toEqual({ expected: 2, worstCase: 2 });
  });
});

describe('the cost check in the pipeline', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({ env: { GRAPHQL_MAX_COST: '1000' } });
  });
  afterAll(() => server.stop());

  it('lets the dashboard query run', async () => {
    const { result } = await run(server, { query: DASHBOARD });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ packages: { totalCount: 1 } });
    expect(cost(DASHBOARD)).toEqual({ expected: 204, worstCase: 40_002 });
  });

  it('refuses the bomb before execution with QUERY_TOO_COMPLEX', async () => {
    const { status, result } = await run(server, { query: BOMB });
    expect(status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: 1111,
      worstCaseCost: 100_200_001,
      maxCost: 1000,
      maxWorstCaseCost: 250_000,
    });
    expect(result.errors?.[0]?.message).toBe('Query cost 1111 exceeds the limit of 1000.');
  });

  it('refuses nested fan-out on its worst case', async () => {
    const { result } = await run(server, { query: NESTED_FAN_OUT });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      cost: 103,
      worstCaseCost: 2_001_001,
    });
  });

  it('prices first from variables', async () => {
    const query = `query Q($n: Int) { packages(first: $n) { edges { node { productInstances { referenceProductInstance { id } } } } } }`;
    // 1 + 98 × 10.1 = 990.8 → 991 fits 1000; 1 + 99 × 10.1 = 1000.9 → 1001 does not
    expect((await run(server, { query, variables: { n: 98 } })).result.errors).toBeUndefined();
    expect(firstCode((await run(server, { query, variables: { n: 99 } })).result)).toBe(
      'QUERY_TOO_COMPLEX',
    );
  });

  it('leaves variables that do not coerce to execution', async () => {
    const query = 'query Q($n: Int) { packages(first: $n) { totalCount } }';
    const { result } = await run(server, { query, variables: { n: 'many' } });
    expect(firstCode(result)).toBe('BAD_USER_INPUT');
  });

  it('refuses a fragment explosion too large to estimate', async () => {
    const fragments = Array.from(
      { length: 16 },
      (_, i) => `fragment F${i} on Package { id ${i < 15 ? `...F${i + 1} ...F${i + 1}` : ''} }`,
    ).join('\n');
    const { result } = await run(server, {
      query: `{ package(id: "p1") { ...F0 } }\n${fragments}`,
    });
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      maxCost: 1000,
      maxWorstCaseCost: 250_000,
    });
  });

  it('refuses a model that names fields the schema lacks, and bad budgets', () => {
    const drifted = { ...PACKAGES_COST_MODEL, lookups: ['Package.owner'] };
    const budgets = { maxCost: 1, maxWorstCaseCost: 250_000 };
    expect(() => createCostCheck({ ...budgets, schema: fixtureSchema, model: drifted })).toThrow(
      /Package\.owner/,
    );
    expect(() => createCostCheck({ ...budgets, maxCost: 0, schema: fixtureSchema })).toThrow(
      /maxCost/,
    );
  });

  it('refuses a schema with a list of objects the model does not price', () => {
    const unpriced = { ...PACKAGES_COST_MODEL, embeddedLists: {} };
    expect(() =>
      createCostCheck({ maxCost: 1, maxWorstCaseCost: 1, schema: fixtureSchema, model: unpriced }),
    ).toThrow(
      /does not price these lists: CreatePackagePayload\.userErrors, Package\.productInstances/,
    );
  });

  it('refuses a create of too many products before it runs, priced from its variables', async () => {
    const query =
      'mutation C($input: CreatePackageInput!) { createPackage(input: $input) { __typename } }';
    const products = (n: number) => Array.from({ length: n }, () => ({ catalogProductId: 'c' }));
    expect(
      (await run(server, { query, variables: { input: { products: products(999) } } })).result
        .errors,
    ).toBeUndefined();
    // the same document with a larger input: the memoised estimate must not be reused
    const { result } = await run(server, {
      query,
      variables: { input: { products: products(1000) } },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 1001 });
  });
});

describe('variablesAffectingCost', () => {
  it('keeps only variables that feed `first` or @include/@skip', () => {
    const document = parse(`query Q($a: ID!, $b: ID!, $n: Int, $show: Boolean!, $f: PackageFilter) {
      x: package(id: $a) { id }
      y: package(id: $b) { id productInstances @include(if: $show) { id } }
      packages(first: $n, filter: $f) { totalCount }
    }`);
    expect(variablesAffectingCost(document)).toEqual(['n', 'show']);
    const create = parse(`mutation C($input: CreatePackageInput!, $id: ID!) {
      createPackage(input: $input) { __typename } cancelPackage(id: $id) { id }
    }`);
    expect(variablesAffectingCost(create)).toEqual(['input']);
  });
});
