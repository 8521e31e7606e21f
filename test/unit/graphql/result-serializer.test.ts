/**
 * The compiled result serializer writes exactly `JSON.stringify({ data })` for every error-free
 * result it is used on: results of the gateway's schema executed by graphql-js and by the
 * production executor (graphql-jit), and results of a small schema with every leaf type and
 * strings that need escaping. Operations whose shape the selection alone does not fix are left
 * to JSON.stringify.
 */
import {
  execute,
  getOperationAST,
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  parse,
  validate,
  type ExecutionResult,
} from 'graphql';
import { DateTimeScalar } from '../../../src/graphql/common/date-time.scalar';
import { createOperationExecutor } from '../../../src/graphql/pipeline/compiled-executor';
import {
  compileResultSerializer,
  createResultSerializers,
} from '../../../src/graphql/pipeline/result-serializer';
import { buildGatewaySchema } from '../../../src/schema';
import type { WixFailureCode, WixInstanceStatus } from '../../../src/wix/wire-types';
import {
  buildInstance,
  buildPackage,
  FakePackagesApi,
  guid,
} from '../../helpers/fake-packages-api';
import { testContext } from './run-operation';

const gatewaySchema = buildGatewaySchema();
const compiledExecute = createOperationExecutor(gatewaySchema);

const INSTANCE_FIELDS = `
  id instanceId siteId isFloating catalogProductId status
  failure { code message }
  billingInfo { type cycleDuration { unit count } }
  countryCode discountCode expirationDate referenceProductInstanceId createdDate updatedDate
`;

function packages() {
  return [
    buildPackage(1, {
      externalId: 'quote " backslash \\ tab \t newline \n é 😀',
      parentAccountId: guid('pkg', 99),
      productInstances: [
        buildInstance(1, {
          siteId: guid('site', 1),
          countryCode: 'BR',
          status: 'ENABLED',
          billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 2 } },
          referenceProductInstanceId: guid('ins', 3),
        }),
        buildInstance(2, {
          // The upstream's spelling drifts (case, new codes): the mapped values are still enums.
          status: 'Failed' as WixInstanceStatus,
          failure: {
            code: 'SOMETHING_NEW' as WixFailureCode,
            message: 'lone surrogate \ud800 and \u0001',
          },
          billingInfo: { type: 'ONE_TIME' },
          expirationDate: '2025-01-01T00:00:00.000Z',
          discountCode: 'x'.repeat(5000),
        }),
      ],
    }),
    buildPackage(2, {
      productInstances: [buildInstance(3, { siteId: '', status: 'AWAITING_ACTION' })],
    }),
    buildPackage(3),
  ];
}

const OPERATIONS: readonly { name: string; source: string; variables?: Record<string, unknown> }[] =
  [
    {
      name: 'a page with every field, fragments and typenames',
      source: `query Page($first: Int) {
        __typename
        packages(first: $first) {
          __typename
          totalCount
          edges { cursor node { ...P } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
      fragment P on Package {
        id accountId externalId parentAccountId createdDate updatedDate
        instanceCounts { total pending enabled canceled failed awaitingAction }
        productInstances { ...I package { id } referenceProductInstance { ...I } }
        id
      }
      fragment I on ProductInstance { ${INSTANCE_FIELDS} __typename }`,
      variables: { first: 2 },
    },
    {
      name: 'aliases, a missing package (null) and repeated fields merged',
      source: `query Aliases($a: ID!, $b: ID!, $c: ID!) {
        a: package(id: $a) { ...P }
        b: package(id: $b) { ...P }
        missing: package(id: $c) { ...P }
        a: package(id: $a) { productInstances { status } }
      }
      fragment P on Package { id externalId productInstances { ${INSTANCE_FIELDS} } }`,
      variables: { a: guid('pkg', 1), b: guid('pkg', 2), c: guid('pkg', 42) },
    },
    {
      name: 'inline fragments and a product instance',
      source: `{
        productInstance(instanceId: "${guid('ins', 2)}") {
          ... on ProductInstance { status failure { code message } }
          ... { billingInfo { type cycleDuration { count } } }
          package { instanceCounts { total failed } }
        }
        none: productInstance(instanceId: "${guid('ins', 77)}") { id }
      }`,
    },
  ];

async function bothExecutors(
  source: string,
  variables?: Record<string, unknown>,
): Promise<{ js: ExecutionResult; jit: ExecutionResult }> {
  const document = parse(source);
  expect(validate(gatewaySchema, document)).toEqual([]);
  const js = await execute({
    schema: gatewaySchema,
    document,
    variableValues: variables,
    contextValue: testContext(new FakePackagesApi(packages())),
  });
  const jit = await compiledExecute({
    document,
    operation: getOperationAST(document) ?? undefined,
    operationName: undefined,
    variables,
    contextValue: testContext(new FakePackagesApi(packages())),
  });
  return { js, jit };
}

describe('compiled result serializer', () => {
  it.each(OPERATIONS)('writes what JSON.stringify writes: $name', async ({ source, variables }) => {
    const { js, jit } = await bothExecutors(source, variables);
    expect(js.errors).toBeUndefined();
    expect(jit.errors).toBeUndefined();
    const document = parse(source);
    const serialize = compileResultSerializer(gatewaySchema, document, getOperationAST(document)!);
    expect(serialize).toBeDefined();
    expect(serialize!(js.data)).toBe(JSON.stringify({ data: js.data }));
    expect(serialize!(jit.data)).toBe(JSON.stringify({ data: jit.data }));
  });

  it('writes every leaf type and string as JSON.stringify does', async () => {
    const Colour = new GraphQLEnumType({ name: 'Colour', values: { RED: {}, DARK_BLUE: {} } });
    const Anything = new GraphQLScalarType({ name: 'Anything' });
    const strings = [
      '',
      'plain',
      'quote " and backslash \\',
      'control \u0000 \u001f \b \f',
      'lone high \ud800 and low \udfff',
      'pair 😀 and \u2028 \u2029',
      'long '.repeat(2000),
    ];
    const Leaf: GraphQLObjectType = new GraphQLObjectType({
      name: 'Leaf',
      fields: () => ({
        text: { type: GraphQLString },
        id: { type: new GraphQLNonNull(GraphQLID) },
        int: { type: GraphQLInt },
        float: { type: GraphQLFloat },
        flag: { type: GraphQLBoolean },
        colour: { type: Colour },
        when: { type: DateTimeScalar },
        any: { type: Anything },
        matrix: { type: new GraphQLList(new GraphQLList(GraphQLInt)) },
        next: { type: Leaf },
      }),
    });
    const leaves = strings.map((text, i) => ({
      text: i === 1 ? null : text,
      id: String(i),
      int: i === 2 ? null : [0, -1, 2147483647, -2147483648, 7, 42, -0][i % 7],
      float: [0.1, -0, 1e21, 1.5e-7, 123456789.125, null, 3][i % 7],
      flag: i % 3 === 0 ? null : i % 2 === 0,
      colour: ['RED', 'DARK_BLUE', null][i % 3],
      when: new Date(Date.UTC(2024, 0, i + 1, 0, 0, 0, i)),
      any: [{ nested: ['x', 1, null] }, 'text', 5, null, true, [1, 2], 'a"b'][i % 7],
      matrix: i % 2 === 0 ? [[1, null], [], null] : null,
      next: i % 2 === 0 ? null : { id: `n${i}`, text: text.slice(0, 3) },
    }));
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { leaves: { type: new GraphQLList(Leaf), resolve: () => leaves } },
      }),
    });
    const document = parse(`{
      leaves { text id int float flag colour when any matrix next { id text next { id } } }
      again: leaves { id }
    }`);
    const result = await execute({ schema, document });
    expect(result.errors).toBeUndefined();
    const serialize = compileResultSerializer(schema, document, getOperationAST(document)!);
    expect(serialize!(result.data)).toBe(JSON.stringify({ data: result.data }));
  });

  it('leaves to JSON.stringify the operations whose shape the selection does not fix', () => {
    for (const source of [
      `query ($on: Boolean!) { package(id: "${guid('pkg', 1)}") { id externalId @include(if: $on) } }`,
      `{ __schema { types { name } } }`,
      `{ __type(name: "Package") { name } }`,
    ]) {
      const document = parse(source);
      expect(
        compileResultSerializer(gatewaySchema, document, getOperationAST(document)!),
      ).toBeUndefined();
    }
  });

  it('compiles once per operation', () => {
    const serializerFor = createResultSerializers(gatewaySchema);
    const document = parse(`{ package(id: "${guid('pkg', 1)}") { id } }`);
    const operation = getOperationAST(document)!;
    const first = serializerFor(document, operation);
    expect(first).toBeDefined();
    expect(serializerFor(document, operation)).toBe(first);
  });
});
