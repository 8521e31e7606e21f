import { ApolloServer } from '@apollo/server';
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInt,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type GraphQLFormattedError,
} from 'graphql';
import { compileQuery } from 'graphql-jit';
import { createApolloExecutorHook } from '../../../src/graphql/pipeline/apollo-adapter';
import { createOperationExecutor } from '../../../src/graphql/pipeline/compiled-executor';

jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof import('graphql-jit')>('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

class DeliberateError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  }
}

interface Item {
  id: string;
  name: string | null;
}

const Item: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  fields: () => ({
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: new GraphQLNonNull(GraphQLString) },
    brokenPromise: {
      type: GraphQLString,
      resolve: async () => {
        throw new Error('upstream exploded');
      },
    },
    twin: {
      type: Item,
      resolve: async (item: Item) => ({ ...item, id: `${item.id}-twin` }),
    },
  }),
});

const Filter: GraphQLInputObjectType = new GraphQLInputObjectType({
  name: 'Filter',
  fields: () => ({
    id: { type: GraphQLID },
    and: { type: new GraphQLList(new GraphQLNonNull(Filter)) },
  }),
});

const Order = new GraphQLEnumType({
  name: 'Order',
  values: { ASC: { value: 'ascending' }, DESC: { value: 'descending' } },
});

const ITEMS: Item[] = [
  { id: '1', name: 'one' },
  { id: '2', name: null },
];

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      item: {
        type: Item,
        args: { id: { type: new GraphQLNonNull(GraphQLID) } },
        resolve: async (_root, { id }: { id: string }, context: { calls: string[] }) => {
          context.calls.push(id);
          if (id === 'bad') throw new DeliberateError('id must be a GUID');
          return ITEMS.find((item) => item.id === id) ?? null;
        },
      },
      items: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Item))),
        args: {
          filter: { type: Filter },
          first: { type: GraphQLInt },
          order: { type: Order },
          ids: { type: new GraphQLList(new GraphQLNonNull(GraphQLID)) },
        },
        resolve: (
          _root,
          args: { filter?: { id?: string }; first?: number; order?: string; ids?: string[] },
        ) => {
          const found = ITEMS.filter(
            (item) =>
              (args.filter?.id === undefined || item.id === args.filter.id) &&
              (args.ids === undefined || args.ids.includes(item.id)),
          );
          const ordered = args.order === 'descending' ? found.reverse() : found;
          return ordered.slice(0, args.first ?? ordered.length);
        },
      },
    },
  }),
});

const DOCUMENTS: Array<{ query: string; variables?: Record<string, unknown> }> = [
  {
    query: 'query One($id: ID!) { item(id: $id) { id name twin { id } } }',
    variables: { id: '1' },
  },
  { query: 'query Missing($id: ID!) { item(id: $id) { id } }', variables: { id: '9' } },
  { query: 'query Bad($id: ID!) { item(id: $id) { id } }', variables: { id: 'bad' } },
  // Non-null `name` is null: the error propagates to the nullable `item`.
  { query: 'query NullName($id: ID!) { item(id: $id) { id name } }', variables: { id: '2' } },
  // Non-null list items: the error propagates to the root and `data` is null.
  { query: '{ items { id name } }' },
  { query: '{ item(id: "1") { id brokenPromise } }' },
  { query: 'query V($id: ID!) { item(id: $id) { id } }', variables: {} },
  { query: 'query V($id: ID!) { item(id: $id) { id } }', variables: { id: { no: 1 } } },
  { query: 'query F($f: Filter) { items(filter: $f) { id } }', variables: { f: { id: '1' } } },
  {
    query: 'query F($f: Filter) { items(filter: $f) { id } }',
    variables: { f: { and: [{ id: 1 }], unknown: true } },
  },
  { query: '{ __schema { queryType { name } } __typename }' },
  ...[
    { n: 1, o: 'DESC', ids: ['1', 2] },
    { n: 2 ** 31, o: 'DESC' },
    { n: 1.5 },
    { n: '1' },
    { o: 'descending' },
    { o: 3 },
    { ids: '2' },
    { ids: ['1', null] },
    { ids: [true] },
    { n: null, o: null, ids: null },
    {},
  ].map((variables) => ({
    query:
      'query L($n: Int = 1, $o: Order, $ids: [ID!]) { items(first: $n, order: $o, ids: $ids) { id } }',
    variables,
  })),
  {
    query: 'query R($n: Int!, $o: Order!) { items(first: $n, order: $o) { id } }',
    variables: { n: 1 },
  },
  { query: '{ a: item(id: "1") { __typename id } b: item(id: "2") { id } }' },
];

/** What a client receives, and the ids the resolvers were asked for. */
async function serve(server: ApolloServer<{ calls: string[] }>, document: (typeof DOCUMENTS)[0]) {
  const calls: string[] = [];
  const response = await server.executeOperation(document, { contextValue: { calls } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return {
    status: response.http.status,
    result: JSON.parse(JSON.stringify(response.body.singleResult)) as unknown,
    calls,
  };
}

function createServer(gateway: boolean, seen: string[]) {
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => {
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    seen.push(`${formatted.path?.join('.') ?? '-'}:${original?.constructor.name ?? 'none'}`);
    return formatted;
  };
  return new ApolloServer<{ calls: string[] }>({
    ...(gateway
      ? {
          gateway: createApolloExecutorHook({ schema, execute: createOperationExecutor(schema) }),
        }
      : { schema }),
    formatError,
    includeStacktraceInErrorResponses: false,
  });
}

describe('compiled execution through the Apollo gateway option', () => {
  const seenInterpreted: string[] = [];
  const seenCompiled: string[] = [];
  const interpreted = createServer(false, seenInterpreted);
  const compiled = createServer(true, seenCompiled);

  beforeAll(async () => {
    await interpreted.start();
    await compiled.start();
  });
  afterAll(async () => {
    await interpreted.stop();
    await compiled.stop();
  });

  it.each(
    DOCUMENTS.map((document) => [document.query, JSON.stringify(document.variables), document]),
  )('answers %s %s exactly as graphql-js does', async (_name, _variables, document) => {
    seenInterpreted.length = 0;
    seenCompiled.length = 0;
    const expected = await serve(interpreted, document);
    const actual = await serve(compiled, document);
    expect(actual.result).toEqual(expected.result);
    expect(actual.status).toEqual(expected.status);
    expect(actual.calls).toEqual(expected.calls);
    // Same errors reach formatError, with the same original errors behind them.
    expect(seenCompiled).toEqual(seenInterpreted);
  });
});

describe('createOperationExecutor', () => {
  const compileSpy = compileQuery as jest.MockedFunction<typeof compileQuery>;
  beforeEach(() => compileSpy.mockClear());

  const run = (execute: ReturnType<typeof createOperationExecutor>, query: string) => {
    const document = parse(query);
    const operation = document.definitions[0];
    if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
    return async (variables?: Record<string, unknown>) =>
      execute({
        document,
        operation,
        operationName: undefined,
        variables,
        contextValue: { calls: [] },
      });
  };

  it('compiles an operation once and reuses it for later requests', async () => {
    const execute = createOperationExecutor(schema);
    const query = run(execute, 'query One($id: ID!) { item(id: $id) { id } }');
    expect(await query({ id: '1' })).toEqual({ data: { item: { id: '1' } } });
    expect(await query({ id: '9' })).toEqual({ data: { item: null } });
    expect(compileSpy).toHaveBeenCalledTimes(1);
  });

  it('leaves introspection and recursive input variables to graphql-js', async () => {
    const execute = createOperationExecutor(schema);
    await run(execute, '{ __type(name: "Item") { name } }')();
    const filtered = await run(
      execute,
      'query F($f: Filter) { items(filter: $f) { id } }',
    )({
      f: { and: [{ id: '1' }] },
    });
    expect(filtered).toEqual({ data: { items: [{ id: '1' }, { id: '2' }] } });
    expect(compileSpy).not.toHaveBeenCalled();
  });
});
