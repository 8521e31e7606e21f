/**
 * Generated operations and data, each run on the production executor and on graphql-js
 * (projection-harness.ts): the bytes, the upstream calls and the budget left must agree every
 * time. The operations mix aliases, repeated keys whose selections merge, inline and named
 * fragments (spread twice), `__typename` at every level, several roots and pages; the data
 * mixes set and unset optional fields, enum spellings and values Wix may add, and now and then
 * a value the schema refuses (the projection must decline). A fixed seed keeps runs identical.
 */
import { validate, parse } from 'graphql';
import type {
  WixInstanceStatus,
  WixPackage,
  WixProductInstance,
} from '../../../src/wix/wire-types';
import { buildInstance, buildPackage, guid } from '../../helpers/fake-packages-api';
import { runBoth, schema, wireDrift } from './projection-harness';

/** mulberry32: a small seeded generator. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;

/** Field selections per type: plain names, or a name with a nested type. */
const FIELDS: Record<string, readonly (string | readonly [string, string])[]> = {
  Package: [
    'id',
    'accountId',
    'externalId',
    'parentAccountId',
    'createdDate',
    'updatedDate',
    ['instanceCounts', 'PackageInstanceCounts'],
    ['productInstances', 'ProductInstance'],
  ],
  ProductInstance: [
    'id',
    'instanceId',
    'siteId',
    'isFloating',
    'catalogProductId',
    'status',
    'countryCode',
    'discountCode',
    'expirationDate',
    'referenceProductInstanceId',
    'createdDate',
    'updatedDate',
    ['failure', 'FailureReason'],
    ['billingInfo', 'BillingInfo'],
  ],
  FailureReason: ['code', 'message'],
  BillingInfo: ['type', ['cycleDuration', 'CycleDuration']],
  CycleDuration: ['unit', 'count'],
  PackageInstanceCounts: ['total', 'pending', 'enabled', 'canceled', 'failed', 'awaitingAction'],
  PageInfo: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'],
  PackageEdge: ['cursor', ['node', 'Package']],
};

/** A selection set on `type`, with fragments it defines added to `fragments`. */
function selection(random: Random, type: string, depth: number, fragments: string[]): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(random() * 5);
  for (let i = 0; i < count; i += 1) {
    const field = pick(random, FIELDS[type] ?? []);
    const [name, nested] = typeof field === 'string' ? [field, undefined] : field;
    // An alias always names the same field, so repeats merge instead of conflicting.
    const alias = chance(random, 0.3) ? `${name}_${Math.floor(random() * 2)}: ` : '';
    const inner =
      nested === undefined ? '' : ` { ${selection(random, nested, depth + 1, fragments)} }`;
    let part = `${alias}${name}${inner}`;
    if (chance(random, 0.15)) part = `... on ${type} { ${part} }`;
    if (chance(random, 0.1)) {
      const fragment = `F${fragments.length}`;
      fragments.push(`fragment ${fragment} on ${type} { ${part} }`);
      part = `...${fragment} ...${fragment}`;
    }
    parts.push(part);
  }
  if (chance(random, 0.3)) parts.push('__typename');
  return parts.join(' ');
}

function operation(random: Random): { source: string; variables: Record<string, unknown> } {
  const fragments: string[] = [];
  const roots: string[] = [];
  const variables: Record<string, unknown> = {};
  const rootCount = 1 + Math.floor(random() * 3);
  for (let i = 0; i < rootCount; i += 1) {
    if (chance(random, 0.7)) {
      const id = guid('pkg', 1 + Math.floor(random() * 5));
      roots.push(`p${i}: package(id: $id${i}) { ${selection(random, 'Package', 0, fragments)} }`);
      variables[`id${i}`] = id;
    } else {
      const pageInfo = chance(random, 0.5)
        ? ` pageInfo { ${selection(random, 'PageInfo', 0, fragments)} }`
        : '';
      roots.push(
        `l${i}: packages(first: ${1 + Math.floor(random() * 4)}) { edges { ${selection(random, 'PackageEdge', 0, fragments)} }${pageInfo} }`,
      );
    }
  }
  if (chance(random, 0.2)) roots.push('__typename');
  const parameters = Object.keys(variables).map((name) => `$${name}: ID!`);
  const head = parameters.length === 0 ? 'query' : `query(${parameters.join(', ')})`;
  return { source: `${head} { ${roots.join(' ')} } ${fragments.join(' ')}`, variables };
}

function instance(random: Random, n: number): WixProductInstance {
  const optional = <T>(value: T): T | undefined => (chance(random, 0.5) ? value : undefined);
  const fields: Partial<WixProductInstance> = {
    status: wireDrift<WixInstanceStatus>(
      pick(random, ['PENDING', 'ENABLED', 'Canceled', 'FAILED', 'AWAITING_ACTION', 'PAUSED']),
    ),
    siteId: optional(guid('site', n)),
    countryCode: optional('US'),
    discountCode: optional('SPRING'),
    expirationDate: optional('2026-01-31T23:59:59.999Z'),
    referenceProductInstanceId: optional(guid('ins', n + 1)),
    failure: optional({
      code: pick(random, ['DELIVERY_TIMEOUT', 'EXTERNAL_FAILURE', 'NEW_CODE'] as const),
      ...(chance(random, 0.5) ? { message: 'failed' } : {}),
    }) as WixProductInstance['failure'],
    billingInfo: optional({
      ...(chance(random, 0.7) ? { type: pick(random, ['ONE_TIME', 'RECURRING'] as const) } : {}),
      ...(chance(random, 0.7)
        ? { cycleDuration: { unit: pick(random, ['MONTH', 'YEAR'] as const), count: 1 } }
        : {}),
    }),
  };
  // Now and then a value the schema refuses: the projection must decline, graphql-js reports.
  if (chance(random, 0.05)) fields.updatedDate = 'yesterday';
  const defined = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<WixProductInstance>;
  return buildInstance(n, defined);
}

function data(seed: number): () => WixPackage[] {
  return () => {
    const random = generator(seed);
    return [1, 2, 3, 4].map((n) =>
      buildPackage(n, {
        ...(chance(random, 0.5) ? { externalId: `ext-${n}` } : {}),
        ...(chance(random, 0.3) ? { parentAccountId: guid('site', 90 + n) } : {}),
        productInstances: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) =>
          instance(random, n * 10 + i),
        ),
      }),
    );
  };
}

const CASES = 250;

it(`agrees with graphql-js on ${CASES} generated operations and data sets`, async () => {
  const random = generator(20261206);
  const outcomes = new Map<string, number>();
  for (let index = 0; index < CASES; index += 1) {
    const { source, variables } = operation(random);
    if (validate(schema, parse(source)).length > 0) {
      outcomes.set('invalid', (outcomes.get('invalid') ?? 0) + 1);
      continue;
    }
    const { projected, expected, serialized } = await runBoth(source, variables, {
      data: data(index),
    });
    const context = `case ${index}: ${source}`;
    expect({ context, text: projected.text }).toEqual({ context, text: expected.text });
    // As text (the fast path's), first made and then reused from the shared objects.
    expect({ context, text: serialized.first }).toEqual({ context, text: expected.text });
    expect({ context, text: serialized.again }).toEqual({ context, text: expected.text });
    expect({ context, calls: projected.calls }).toEqual({ context, calls: expected.calls });
    // What an answered projection charged must be what graphql-js charges. After a decline
    // graphql-jit runs, and where a field fails it may build (and charge) a little more or
    // less of the doomed parts than graphql-js does: the answer, compared above, is the same.
    if (projected.projection === 'answered') {
      expect({ context, budget: projected.budgetLeft }).toEqual({
        context,
        budget: expected.budgetLeft,
      });
      expect({ context, budgets: serialized.budgetsLeft }).toEqual({
        context,
        budgets: [expected.budgetLeft, expected.budgetLeft],
      });
    }
    const outcome = projected.projection ?? 'not run';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  // Most generated operations are in the projection's subset and answered by it; some decline.
  expect(outcomes.get('answered') ?? 0).toBeGreaterThan(CASES / 2);
  expect(outcomes.get('declined') ?? 0).toBeGreaterThan(0);
  expect(outcomes.get('invalid') ?? 0).toBeLessThan(CASES / 10);
});
