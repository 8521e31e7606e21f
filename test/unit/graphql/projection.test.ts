/**
 * The projection (src/graphql/pipeline/projection/) answers exactly as graphql-js `execute`
 * does. Each operation runs twice over identical fakes, through the production executor and
 * through graphql-js, and the two results must serialise to the same bytes, errors included;
 * the upstream calls and the response budget left must match too. Operations in the
 * projection's subset must be answered by it (a spy sees its outcome), so these tests fail if
 * it quietly stopped answering.
 */
import { getOperationAST, parse } from 'graphql';
import type {
  WixCycleType,
  WixFailureCode,
  WixInstanceStatus,
  WixIntervalUnit,
  WixPackage,
} from '../../../src/wix/wire-types';
import {
  buildInstance,
  buildPackage,
  FakePackagesApi,
  guid,
} from '../../helpers/fake-packages-api';
import { contextFor, production, runBoth, wireDrift } from './projection-harness';
import { compileProjection } from '../../../src/graphql/pipeline/projection/compile-projection';
import { mapPackage } from '../../../src/graphql/package/package.mapper';
import { buildGatewaySchema } from '../../../src/schema';

/** Packages covering every optional field set and unset, and the enum spellings Wix sends. */
function packages(): WixPackage[] {
  return [
    buildPackage(1, {
      externalId: 'ext-1',
      parentAccountId: guid('site', 99),
      productInstances: [
        buildInstance(1, {
          siteId: guid('site', 1),
          status: 'ENABLED',
          billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
          countryCode: 'US',
          discountCode: 'SPRING',
          expirationDate: '2025-05-01T10:00:00.000Z',
        }),
        buildInstance(2, {
          status: wireDrift<WixInstanceStatus>('Failed'),
          failure: { code: 'EXTERNAL_FAILURE', message: 'card declined' },
          paymentInfo: { type: 'ONE_TIME' },
          referenceProductInstanceId: guid('ins', 1),
        }),
        buildInstance(3, { status: 'AWAITING_ACTION', billingInfo: { cycleDuration: {} } }),
      ],
    }),
    buildPackage(2),
    buildPackage(3, {
      productInstances: [
        buildInstance(4, {
          billingInfo: {
            type: wireDrift<WixCycleType>('SOMETHING_NEW'),
            cycleDuration: { unit: wireDrift<WixIntervalUnit>('FORTNIGHT'), count: 2 },
          },
        }),
        buildInstance(5, { failure: { code: wireDrift<WixFailureCode>('A_NEW_CODE') } }),
      ],
    }),
  ];
}

const INSTANCE = `fragment I on ProductInstance {
  __typename id instanceId siteId isFloating catalogProductId status
  failure { code message } billingInfo { type cycleDuration { unit count __typename } }
  countryCode discountCode expirationDate referenceProductInstanceId createdDate updatedDate
}`;
const PACKAGE = `fragment P on Package {
  id accountId externalId parentAccountId createdDate updatedDate
  instanceCounts { total pending enabled canceled failed awaitingAction }
  productInstances { ...I }
}
${INSTANCE}`;

const PROJECTED: readonly [string, string, Record<string, unknown>?][] = [
  [
    'one package by id',
    `query($id: ID!) { package(id: $id) { ...P } } ${PACKAGE}`,
    { id: guid('pkg', 1) },
  ],
  ['an absent package', `query($id: ID!) { package(id: $id) { id } }`, { id: guid('pkg', 404) }],
  [
    'aliases, repeated keys merged, __typename everywhere',
    `query($a: ID!, $b: ID!) {
      __typename
      first: package(id: $a) { id __typename productInstances { status } }
      first: package(id: $a) { accountId productInstances { instanceId status } }
      second: package(id: $b) { ... on Package { myId: id } ...P ...P }
      third: package(id: "${guid('pkg', 3)}") { ...P }
    } ${PACKAGE}`,
    { a: guid('pkg', 1), b: guid('pkg', 2) },
  ],
  [
    // The fragment's productInstances node heads two merged selections of different weights:
    // the budget charges each for what it holds (graphql-jit's weights once mixed them up).
    'a fragment heading two merged selections',
    `query { packages(first: 3) { edges { node { ...L } other: node { ...L productInstances { status } } } } }
    fragment L on Package { productInstances { id } }`,
  ],
  [
    'product instances by id, one absent',
    `query($i: ID!, $j: ID!) {
      productInstance(instanceId: $i) { instanceId status billingInfo { type cycleDuration { unit } } }
      other: productInstance(instanceId: $j) { instanceId }
    }`,
    { i: guid('ins', 2), j: guid('ins', 404) },
  ],
  [
    'a page with edges, cursors and page info',
    `query($first: Int!) {
      packages(first: $first) {
        edges { cursor node { ...P } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        __typename
      }
    } ${PACKAGE}`,
    { first: 2 },
  ],
];

describe.each(PROJECTED)('%s', (_name, source, variables) => {
  it('is answered by the projection, byte for byte as graphql-js answers', async () => {
    const { projected, expected, serialized } = await runBoth(source, variables, {
      data: packages,
    });
    expect(projected.text).toBe(expected.text);
    // As text for the fast path, serialising each shared object once and reusing it after.
    expect(serialized.first).toBe(expected.text);
    expect(serialized.again).toBe(expected.text);
    expect(serialized.budgetsLeft).toEqual([expected.budgetLeft, expected.budgetLeft]);
    expect(projected.calls).toEqual(expected.calls);
    expect(projected.budgetLeft).toBe(expected.budgetLeft);
    expect(projected.projection).toBe('answered');
    expect(expected.projection).toBeUndefined();
  });
});

const DECLINED: readonly [string, string, Record<string, unknown>?][] = [
  [
    'a directive (outside the subset)',
    `query($id: ID!, $with: Boolean!) { package(id: $id) { id productInstances @include(if: $with) { id } } }`,
    { id: guid('pkg', 1), with: false },
  ],
  [
    'a field with a resolver below the root',
    `query($id: ID!) { package(id: $id) { productInstances { referenceProductInstance { id } package { id } } } }`,
    { id: guid('pkg', 1) },
  ],
  ['a refused id', `query($id: ID!) { package(id: $id) { id } }`, { id: 'not-a-guid' }],
  [
    // The refused lookup is a rejection among the others, which still make one batch.
    'a refused id among aliased lookups',
    `query($a: ID!, $b: ID!, $c: ID!) {
      a: package(id: $a) { id } b: package(id: $b) { id } c: package(id: $c) { id accountId }
    }`,
    { a: guid('pkg', 1), b: 'not-a-guid', c: guid('pkg', 2) },
  ],
  [
    'a refused instance id',
    `query($i: ID!) { productInstance(instanceId: $i) { instanceId } }`,
    { i: 'not-a-guid' },
  ],
  ['a missing variable', `query($id: ID!) { package(id: $id) { id } }`, {}],
  [
    'a non-null root that fails after another root succeeded',
    `query($id: ID!) { package(id: $id) { id } packages(first: 1000) { edges { node { id } } } }`,
    { id: guid('pkg', 1) },
  ],
];

describe.each(DECLINED)('%s', (_name, source, variables) => {
  it('gets graphql-js answer, with no extra upstream call', async () => {
    const { projected, expected, serialized } = await runBoth(source, variables, {
      data: packages,
    });
    expect(serialized.first).toBe(expected.text);
    expect(serialized.again).toBe(expected.text);
    expect(projected.projection).not.toBe('answered');
    expect(projected.text).toBe(expected.text);
    expect(projected.calls).toEqual(expected.calls);
  });
});

/**
 * The projection declined with one field error: graphql-jit answered as graphql-js does, with
 * the upstream calls already made (`calls` of them) and none again.
 */
function expectHandedOverWithOneError(
  { projected, expected }: Awaited<ReturnType<typeof runBoth>>,
  calls: number,
): void {
  expect(projected.projection).toBe('declined');
  expect(projected.result.errors?.length).toBe(1);
  expect(projected.text).toBe(expected.text);
  expect(projected.calls).toEqual(expected.calls);
  expect(projected.calls).toHaveLength(calls);
}

it('hands a value it cannot complete to graphql-jit, with the root values it already has', async () => {
  // A timestamp DateTime refuses is an error for that field (graphql-js's words), found by the
  // projection only after the upstream answered: the lookup must not run again.
  const data = (): WixPackage[] => [
    buildPackage(1, { productInstances: [buildInstance(1, { updatedDate: 'yesterday' })] }),
  ];
  const source = `query($id: ID!) { package(id: $id) { id productInstances { status updatedDate } } other: packages(first: 5) { edges { node { id } } } }`;
  expectHandedOverWithOneError(await runBoth(source, { id: guid('pkg', 1) }, { data }), 2);
});

it("hands aliased lookups to graphql-jit as their fields' values when one cannot be completed", async () => {
  // The projection maps the lookups' packages itself; declining, it hands graphql-jit each
  // field's value as the resolver gives it, mapped, and calls nothing again.
  const data = (): WixPackage[] => [
    buildPackage(1),
    buildPackage(2, { productInstances: [buildInstance(2, { updatedDate: 'yesterday' })] }),
  ];
  const source = `query($a: ID!, $b: ID!) {
    a: package(id: $a) { id instanceCounts { total } productInstances { updatedDate } }
    b: package(id: $b) { id instanceCounts { total } productInstances { updatedDate } }
  }`;
  expectHandedOverWithOneError(
    await runBoth(source, { a: guid('pkg', 1), b: guid('pkg', 2) }, { data }),
    1,
  );
});

it('completes a timestamp in another RFC 3339 form as DateTime serialises it', async () => {
  // Only an object whose timestamps the mapper found in the upstream's form skips serialize;
  // any other valid form still goes through it, which normalises it.
  const data = (): WixPackage[] => [
    buildPackage(1, {
      createdDate: '2024-05-01T12:00:00+02:00',
      productInstances: [buildInstance(1, { expirationDate: '2025-05-01T10:00:00Z' })],
    }),
  ];
  const source = `query($id: ID!) { package(id: $id) { createdDate updatedDate productInstances { expirationDate } } }`;
  const { projected, expected } = await runBoth(source, { id: guid('pkg', 1) }, { data });
  expect(projected.projection).toBe('answered');
  expect(projected.text).toBe(expected.text);
  expect(projected.text).toContain('"createdDate":"2024-05-01T10:00:00.000Z"');
  expect(projected.text).toContain('"expirationDate":"2025-05-01T10:00:00.000Z"');
});

it('trusts the timestamps of the marked object only, not of a copy of it', () => {
  const document = parse(`{ package(id: "${guid('pkg', 1)}") { id createdDate } }`);
  const operation = getOperationAST(document);
  const plan = operation && compileProjection(buildGatewaySchema(), document, operation);
  if (!plan) throw new Error('not projected');
  const marked = mapPackage(buildPackage(1));
  expect(plan.build([marked], { charge: 0 })).toEqual({
    package: { id: marked.id, createdDate: marked.createdDate },
  });
  // A spread copy carries the mark but is not the object it names: its leaves are checked.
  const copy = { ...marked, createdDate: 'yesterday' };
  expect(() => plan.build([copy], { charge: 0 })).toThrow();
  expect(() =>
    plan.build([{ ...marked, createdDate: '2024-05-01T10:00:00Z' }], { charge: 0 }),
  ).not.toThrow();
});

/** Runs `source` on the production executor over an upstream that answers 503. */
async function runWithUpstreamDown(source: string, variables: Record<string, unknown>) {
  const document = parse(source);
  const api = new FakePackagesApi(packages()).failWith(
    new (jest.requireActual<typeof import('../../../src/wix/errors')>(
      '../../../src/wix/errors',
    ).WixHttpError)({
      endpoint: 'queryPackages',
      status: 503,
      upstreamMessage: 'down',
      requestId: 'fake',
    }),
  );
  const result = await production({
    document,
    operation: getOperationAST(document) ?? undefined,
    operationName: undefined,
    variables,
    contextValue: contextFor(api),
  });
  return { result, calls: api.calls };
}

it('hands an upstream failure to graphql-jit without calling the upstream again', async () => {
  const { result, calls } = await runWithUpstreamDown(
    `query($id: ID!) { package(id: $id) { id } }`,
    { id: guid('pkg', 1) },
  );
  expect(result.errors?.map((error) => error.extensions['code'])).toEqual(['UPSTREAM_UNAVAILABLE']);
  expect(calls).toHaveLength(1);
});

it('hands a failed batch of aliased lookups to graphql-jit, each field with the mapped error', async () => {
  const { result, calls } = await runWithUpstreamDown(
    `query($a: ID!, $b: ID!) { a: package(id: $a) { id } b: package(id: $b) { id } }`,
    { a: guid('pkg', 1), b: guid('pkg', 2) },
  );
  expect(result.data).toEqual({ a: null, b: null });
  expect(result.errors?.map((error) => [error.path, error.extensions['code']])).toEqual([
    [['a'], 'UPSTREAM_UNAVAILABLE'],
    [['b'], 'UPSTREAM_UNAVAILABLE'],
  ]);
  expect(calls).toHaveLength(1);
});

it('answers a status Wix may add as UNKNOWN, not as an error that hides the package', async () => {
  const data = (): WixPackage[] => [
    buildPackage(1, {
      productInstances: [buildInstance(1, { status: wireDrift<WixInstanceStatus>('HIBERNATING') })],
    }),
  ];
  const source = `query($id: ID!) { package(id: $id) { id productInstances { status } } }`;
  const { projected, expected } = await runBoth(source, { id: guid('pkg', 1) }, { data });
  expect(projected.projection).toBe('answered');
  expect(projected.text).toBe(expected.text);
  expect(projected.result.data).toEqual({
    package: { id: guid('pkg', 1), productInstances: [{ status: 'UNKNOWN' }] },
  });
});

it('charges the response budget what the resolvers would, and refuses past it alike', async () => {
  const source = `query($first: Int!) { packages(first: $first) { edges { node { ...P } } } } ${PACKAGE}`;
  for (const maxResponseValues of [100_000, 60, 10]) {
    const { projected, expected } = await runBoth(
      source,
      { first: 3 },
      { data: packages, maxResponseValues },
    );
    expect(projected.text).toBe(expected.text);
    expect(projected.budgetLeft).toBe(expected.budgetLeft);
  }
  const tight = await runBoth(source, { first: 3 }, { data: packages, maxResponseValues: 10 });
  expect(tight.projected.result.errors?.[0]?.extensions['code']).toBe('RESPONSE_TOO_LARGE');
});
