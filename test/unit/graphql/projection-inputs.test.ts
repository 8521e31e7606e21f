/**
 * The projection's compiled variable and argument readers (compile-inputs.ts) agree with
 * graphql-js's `getVariableValues` and `getArgumentValues` on every input: the same coerced
 * values where graphql-js accepts, undefined (the projection declines) wherever it reports an
 * error.
 */
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  parse,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import {
  compileArgumentReader,
  compileVariableCoercion,
} from '../../../src/graphql/pipeline/projection/compile-inputs';
import { buildGatewaySchema } from '../../../src/schema';

const schema = buildGatewaySchema();

function operationOf(source: string): OperationDefinitionNode {
  const definition = parse(source).definitions[0];
  if (definition?.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
  return definition;
}

/** graphql-js's verdict as the readers give it: the values, or undefined for errors. */
function graphqlJsVariables(
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
  return result.errors === undefined ? { ...result.coerced } : undefined;
}

const VARIABLES = `query (
  $id: ID!, $maybeId: ID, $first: Int = 5, $after: String, $status: ProductInstanceStatus,
  $flag: Boolean!, $ids: [ID!]
) { __typename }`;

const INPUTS: Record<string, unknown>[] = [
  { id: 'a', flag: true },
  { id: 7, flag: false, maybeId: null, first: null, after: 'x', status: 'ENABLED' },
  { id: 'a', flag: true, first: 12, ids: ['x', 'y'] },
  { id: 'a', flag: true, ids: 'x' },
  {},
  { id: null, flag: true },
  { id: 'a' },
  { id: 'a', flag: 'yes' },
  { id: 'a', flag: true, first: '5' },
  { id: 'a', flag: true, first: 2 ** 40 },
  { id: 'a', flag: true, status: 'enabled' },
  { id: 'a', flag: true, status: 'NOPE' },
  { id: { nested: true }, flag: true },
  { id: 1.5, flag: true },
];

describe('compiled variable coercion', () => {
  const operation = operationOf(VARIABLES);
  const leafOnly = operationOf(VARIABLES.replace(', $ids: [ID!]', ''));
  it.each(INPUTS)('agrees with graphql-js on %j', (inputs) => {
    for (const target of [operation, leafOnly]) {
      const coerce = compileVariableCoercion(schema, target.variableDefinitions ?? []);
      // Strict: a variable neither given nor defaulted is absent, not undefined, in both.
      expect(coerce(inputs)).toStrictEqual(graphqlJsVariables(target, inputs));
    }
  });
});

describe('compiled variable coercion, every variable given or defaulted', () => {
  // No variable can be absent: the result is built as one object literal.
  const operation = operationOf('query ($a: ID!, $b: Int = 3, $c: Boolean!) { __typename }');
  it.each([
    { a: 'x', c: true },
    { a: 'x', b: 9, c: false },
    { a: 'x', b: null, c: false },
    { a: 'x', c: null },
    { b: 1, c: true },
    { a: ['x'], c: true },
  ])('agrees with graphql-js on %j', (inputs) => {
    const coerce = compileVariableCoercion(schema, operation.variableDefinitions ?? []);
    expect(coerce(inputs)).toStrictEqual(graphqlJsVariables(operation, inputs));
  });

  it('leaves a variable named __proto__ to graphql-js', () => {
    const named = operationOf('query ($__proto__: ID, $a: ID!) { __typename }');
    const inputs = JSON.parse('{"__proto__": "p", "a": "x"}') as Record<string, unknown>;
    const coerce = compileVariableCoercion(schema, named.variableDefinitions ?? []);
    expect(coerce(inputs)).toStrictEqual(graphqlJsVariables(named, inputs));
  });
});

describe('compiled argument reader', () => {
  const packagesField = schema.getQueryType()?.getFields()['packages'];
  const packageField = schema.getQueryType()?.getFields()['package'];
  const cases: [string, Record<string, unknown>][] = [
    ['query($id: ID!) { package(id: $id) { id } }', { id: 'x' }],
    ['query($id: ID) { package(id: $id) { id } }', {}],
    ['query($id: ID) { package(id: $id) { id } }', { id: null }],
    ['query { package(id: "lit") { id } }', {}],
    ['query($f: Int) { packages(first: $f) { totalCount } }', {}],
    ['query($f: Int) { packages(first: $f) { totalCount } }', { f: null }],
    ['query($f: Int) { packages(first: $f) { totalCount } }', { f: 3 }],
    ['query($a: String) { packages(first: 3, after: $a) { totalCount } }', { a: 'c' }],
    ['query { packages(first: 3, filter: { externalId: { eq: "x" } }) { totalCount } }', {}],
    [
      'query($e: String) { packages(filter: { externalId: { eq: $e } }) { totalCount } }',
      { e: 'x' },
    ],
    ['query { packages(orderBy: [{ field: CREATED_DATE, direction: ASC }]) { totalCount } }', {}],
  ];
  it.each(cases)('agrees with graphql-js on %s with %j', (source, variables) => {
    const operation = operationOf(source);
    const node = operation.selectionSet.selections[0] as FieldNode;
    const field = node.name.value === 'package' ? packageField : packagesField;
    if (field === undefined) throw new Error('field missing');
    let expected: Record<string, unknown> | undefined;
    try {
      expected = getArgumentValues(field, node, variables);
    } catch {
      expected = undefined;
    }
    expect(compileArgumentReader(field, node)(variables)).toEqual(expected);
  });
});
