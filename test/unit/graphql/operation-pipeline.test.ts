/**
 * `prepare`, the pipeline's entrance for servers that are not Apollo (WebSocket, SSE): the same
 * parsing, validation and checks, in the same order, as over HTTP, and typed errors otherwise.
 */
import { GraphQLError, subscribe } from 'graphql';
import { SCOPE } from '../../../src/auth/scopes';
import { loadConfig } from '../../../src/config/config';
import {
  createOperationPipeline,
  type PreparedRequest,
} from '../../../src/graphql/pipeline/operation-pipeline';
import { sha256Hex } from '../../../src/security/operation-manifest';
import {
  ALL_SCOPES_CALLER,
  fixtureSchemaWith,
  type FixtureContext,
} from '../security/fixture-schema';

const CARD = 'query Card($id: ID!) { package(id: $id) { id } }';

function pipelineWith(env: Record<string, string> = {}, manifest?: unknown) {
  const masked: object[] = [];
  const settings = loadConfig({ NODE_ENV: 'test', ...env }).graphql;
  const pipeline = createOperationPipeline<FixtureContext>({
    schema: fixtureSchemaWith({
      productInstance: () => {
        throw new Error('internal detail http://upstream.invalid');
      },
    }),
    settings: manifest === undefined ? settings : { ...settings, operationAllowlist: manifest },
    logMaskedError: (event) => masked.push(event),
  });
  return { pipeline, masked };
}

const asReader = { caller: { ...ALL_SCOPES_CALLER, scopes: new Set([SCOPE.read]) } };

function codes(prepared: PreparedRequest<FixtureContext>): unknown[] {
  if (prepared.kind !== 'refused') throw new Error('expected a refusal');
  return prepared.errors.map((error) => error.extensions['code']);
}

describe('pipeline.prepare', () => {
  const { pipeline, masked } = pipelineWith({ GRAPHQL_MAX_DEPTH: '3' });

  it('prepares a valid, allowed operation and executes it on the pipeline executor', async () => {
    const prepared = pipeline.prepare({
      source: CARD,
      variables: { id: 'p1' },
      contextValue: asReader,
    });
    if (prepared.kind !== 'prepared') throw new Error(JSON.stringify(prepared.errors));
    expect(prepared.operation.name?.value).toBe('Card');
    expect(prepared.args.variableValues).toEqual({ id: 'p1' });
    expect(prepared.args.contextValue).toBe(asReader);
    expect(await prepared.execute()).toEqual({ data: { package: { id: 'p1' } } });
  });

  it('refuses text that does not parse, or exceeds the token limit', () => {
    expect(codes(pipeline.prepare({ source: '{ package(', contextValue: asReader }))).toEqual([
      'GRAPHQL_PARSE_FAILED',
    ]);
    const tokens = `{ package(id: "p1") { ${'id '.repeat(5000)} } }`;
    expect(codes(pipeline.prepare({ source: tokens, contextValue: asReader }))).toEqual([
      'GRAPHQL_PARSE_FAILED',
    ]);
  });

  it('refuses invalid documents and unresolvable operations', () => {
    expect(codes(pipeline.prepare({ source: '{ nope }', contextValue: asReader }))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    const two = 'query A { package(id: "a") { id } } query B { package(id: "b") { id } }';
    expect(codes(pipeline.prepare({ source: two, contextValue: asReader }))).toEqual([
      'OPERATION_RESOLUTION_FAILURE',
    ]);
    expect(
      codes(pipeline.prepare({ source: two, operationName: 'C', contextValue: asReader })),
    ).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it('runs the scope check: no caller, or a reader mutating', () => {
    expect(codes(pipeline.prepare({ source: CARD, contextValue: {} }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const cancel = 'mutation { cancelPackage(id: "p1") { id } }';
    expect(codes(pipeline.prepare({ source: cancel, contextValue: asReader }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('runs the query limits and the cost check', () => {
    const deep = '{ package(id: "p1") { productInstances { package { id } } } }';
    expect(codes(pipeline.prepare({ source: deep, contextValue: asReader }))).toEqual([
      'MAX_DEPTH_EXCEEDED',
    ]);
    const { pipeline: cheap } = pipelineWith({ GRAPHQL_MAX_COST: '1' });
    const two = '{ a: package(id: "a") { id } b: package(id: "b") { id } }';
    expect(codes(cheap.prepare({ source: two, contextValue: asReader }))).toEqual([
      'QUERY_TOO_COMPLEX',
    ]);
  });

  it('runs the allowlist first when one is configured', () => {
    const manifest = { operations: [{ id: sha256Hex(CARD), body: CARD }] };
    const { pipeline: allowlisted } = pipelineWith({}, manifest);
    expect(
      allowlisted.prepare({ source: CARD, variables: { id: 'p1' }, contextValue: asReader }).kind,
    ).toBe('prepared');
    // Refused by the allowlist before the scope check could refuse the missing caller.
    const other = '{ package(id: "p1") { id } }';
    expect(codes(allowlisted.prepare({ source: other, contextValue: {} }))).toEqual([
      'PERSISTED_QUERY_NOT_ALLOWED',
    ]);
  });

  it('refuses introspection when it is off, and hides suggestions when asked', () => {
    const { pipeline: closed } = pipelineWith({
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_HIDE_SCHEMA_DETAILS: 'true',
    });
    const introspection = closed.prepare({
      source: '{ __schema { queryType { name } } }',
      contextValue: asReader,
    });
    expect(new Set(codes(introspection))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    const typo = closed.prepare({ source: '{ packag(id: "p1") { id } }', contextValue: asReader });
    if (typo.kind !== 'refused') throw new Error('expected a refusal');
    expect(typo.errors[0]?.message).not.toMatch(/Did you mean/);
    const open = pipeline.prepare({
      source: '{ packag(id: "p1") { id } }',
      contextValue: asReader,
    });
    if (open.kind !== 'refused') throw new Error('expected a refusal');
    expect(open.errors[0]?.message).toMatch(/Did you mean "package"/);
  });

  it('masks unexpected errors as every entrance does, logging them once', async () => {
    const prepared = pipeline.prepare({
      source: '{ productInstance(instanceId: "i1") { id } }',
      contextValue: asReader,
    });
    if (prepared.kind !== 'prepared') throw new Error('expected a prepared operation');
    const result = await prepared.execute();
    const error = result.errors?.[0];
    if (!(error instanceof GraphQLError)) throw new Error('expected an error');
    expect(pipeline.maskError(error)).toEqual({
      message: 'Unexpected error.',
      locations: [{ line: 1, column: 3 }],
      path: ['productInstance'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(masked)).toContain('internal detail');
    expect(pipeline.maskError(new GraphQLError('refused', { extensions: { code: 'X' } }))).toEqual({
      message: 'refused',
      extensions: { code: 'X' },
    });
  });

  it('starts a subscription, each event executed with a context of its own', async () => {
    const schema = fixtureSchemaWith();
    const field = schema.getSubscriptionType()?.getFields()['packageChanged'];
    if (field === undefined) throw new Error('the fixture has no subscription');
    field.subscribe = async function* () {
      yield { packageChanged: { eventId: 'e1', package: { id: 'p1' } } };
      yield { packageChanged: { eventId: 'e2', package: { id: 'p2' } } };
    };
    const live = createOperationPipeline<FixtureContext>({
      schema,
      settings: loadConfig({ NODE_ENV: 'test' }).graphql,
      logMaskedError: () => {},
    });
    const source = 'subscription { packageChanged { eventId package { id } } }';
    // A subscription reads: a caller without packages:read is refused before it starts.
    const asWriter = { caller: { ...ALL_SCOPES_CALLER, scopes: new Set([SCOPE.write]) } };
    expect(codes(live.prepare({ source, contextValue: asWriter }))).toEqual(['FORBIDDEN']);
    const prepared = live.prepare({ source, contextValue: asReader });
    if (prepared.kind !== 'prepared') throw new Error('expected a prepared operation');
    let contexts = 0;
    const stream = await prepared.subscribe(() => {
      contexts += 1;
      return asReader;
    });
    if (!(Symbol.asyncIterator in stream)) throw new Error(JSON.stringify(stream));
    const events = [];
    for await (const result of stream) events.push(result);
    expect(events).toEqual([
      { data: { packageChanged: { eventId: 'e1', package: { id: 'p1' } } } },
      { data: { packageChanged: { eventId: 'e2', package: { id: 'p2' } } } },
    ]);
    expect(contexts).toBe(2);
    // The arguments are graphql-js's own.
    expect(await subscribe(prepared.args)).toHaveProperty([Symbol.asyncIterator]);
  });
});
