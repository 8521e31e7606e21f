import { ApolloServer } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createFormatError } from '../../../src/graphql/format-error';
import { badUserInput, toGraphQLError } from '../../../src/graphql/errors';
import { WixHttpError, WixTransportError } from '../../../src/wix/errors';
import { buildGatewaySchema } from '../../../src/schema';
import type { GatewayContext } from '../../../src/graphql/context.type';
import { FakePackagesApi, guid } from '../../helpers/fake-packages-api';
import { testContext } from './run-operation';
import { AuthorizationError } from '../../../src/auth/authorization';
import { AuthenticationError } from '../../../src/auth/authentication-error';

function located(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['package'], originalError: original });
}

function formatted(error: GraphQLError): GraphQLFormattedError {
  return { ...error.toJSON(), extensions: { ...error.extensions, stacktrace: ['secret stack'] } };
}

describe('createFormatError', () => {
  it('passes our own errors with their extensions only', () => {
    const log = jest.fn();
    const error = located(badUserInput([{ path: 'id', message: 'is not a GUID' }]));
    const out = createFormatError(log)(formatted(error), error);
    expect(out).toEqual({
      message: 'Invalid arguments: id: is not a GUID',
      path: ['package'],
      extensions: {
        code: 'BAD_USER_INPUT',
        violations: [{ path: 'id', message: 'is not a GUID' }],
      },
    });
    expect(log).not.toHaveBeenCalled();
  });

  it('passes mapped upstream errors', () => {
    const error = located(toGraphQLError(new WixTransportError('queryPackages', 'TIMEOUT', true)));
    const out = createFormatError(jest.fn())(formatted(error), error);
    expect(out.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('passes GraphQL request errors (no path) with their extensions but no stack', () => {
    const inner = new GraphQLError('Cannot query field "nope" on type "Query".');
    const apolloWrapped = new GraphQLError(inner.message, {
      originalError: inner,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const out = createFormatError(jest.fn())(formatted(apolloWrapped), apolloWrapped);
    expect(out).toEqual({
      message: inner.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('masks unexpected resolver errors and logs them once, without a stack', () => {
    const log = jest.fn();
    const error = located(new TypeError("Cannot read properties of undefined (reading 'id')"));
    const out = createFormatError(log)(formatted(error), error);
    expect(out).toEqual({
      message: 'Unexpected error.',
      path: ['package'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(log).toHaveBeenCalledTimes(1);
    const event = log.mock.calls[0][0];
    expect(event).toMatchObject({
      event: 'graphql.unexpected_error',
      errorName: 'TypeError',
      path: 'package',
    });
    expect(JSON.stringify(event)).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'Enum "ProductInstanceStatus" cannot represent value: "EVIL abc123"',
      'Enum "ProductInstanceStatus" cannot represent value: (omitted)',
    ],
    ['ID cannot represent value: { x: "abc123" }', 'ID cannot represent value: (omitted)'],
    [
      'Int cannot represent non-integer value: "abc123"',
      'Int cannot represent non-integer value: (omitted)',
    ],
  ])(
    'logs what a leaf serialisation failed on, never the (upstream) value: %s',
    (message, logged) => {
      const log = jest.fn();
      const error = located(new GraphQLError(message));
      createFormatError(log)(formatted(error), error);
      expect(log.mock.calls[0][0]).toMatchObject({ errorMessage: logged });
      expect(JSON.stringify(log.mock.calls[0][0])).not.toContain('abc123');
    },
  );

  it('masks a raw WixError that escaped the table, logging only safe facts', () => {
    const log = jest.fn();
    const raw = new WixHttpError({
      endpoint: 'getPackage',
      status: 500,
      upstreamMessage: 'body with key abc123',
      requestId: 'r',
    });
    const error = located(raw);
    const out = createFormatError(log)(formatted(error), error);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(out)).not.toContain('abc123');
    expect(log.mock.calls[0][0]).toMatchObject({
      upstream: { kind: 'http', endpoint: 'getPackage', status: 500 },
    });
    expect(JSON.stringify(log.mock.calls[0][0])).not.toContain('abc123');
  });

  it('passes the auth errors with their extensions, from a resolver or before execution', () => {
    const log = jest.fn();
    const forbidden = located(new AuthorizationError('packages:write'));
    expect(createFormatError(log)(formatted(forbidden), forbidden)).toEqual({
      message: 'This operation requires the scope "packages:write".',
      path: ['package'],
      extensions: { code: 'FORBIDDEN', requiredScope: 'packages:write' },
    });
    const unauthenticated = new AuthenticationError('missing_token');
    const out = createFormatError(log)(formatted(unauthenticated), unauthenticated);
    expect(out.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'missing_token' });
    expect(log).not.toHaveBeenCalled();
  });

  it('lets through extra intentional classes given as options', () => {
    class TeapotError extends GraphQLError {
      constructor() {
        super('I am a teapot', { extensions: { code: 'TEAPOT' } });
      }
    }
    const error = located(new TeapotError());
    expect(createFormatError(jest.fn())(formatted(error), error).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(
      createFormatError(jest.fn(), { intentional: [TeapotError] })(formatted(error), error),
    ).toEqual({ message: 'I am a teapot', path: ['package'], extensions: { code: 'TEAPOT' } });
  });

  it('masks a plugin error that is not a GraphQLError, even without a path', () => {
    const log = jest.fn();
    const inner = new Error('db password is hunter2');
    const wrapped = new GraphQLError(inner.message, { originalError: inner });
    const out = createFormatError(log)(formatted(wrapped), wrapped);
    expect(out).toEqual({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('masks a non-ours GraphQLError thrown from a resolver', () => {
    const log = jest.fn();
    const error = located(new GraphQLError('internal detail', { extensions: { code: 'X' } }));
    expect(createFormatError(log)(formatted(error), error).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(log).toHaveBeenCalledTimes(1);
  });
});

describe('createFormatError inside Apollo', () => {
  const schema = buildGatewaySchema();

  async function run(api: FakePackagesApi, query: string) {
    const log = jest.fn();
    const server = new ApolloServer<GatewayContext>({
      schema,
      formatError: createFormatError(log),
      includeStacktraceInErrorResponses: true,
    });
    await server.start();
    try {
      const response = await server.executeOperation(
        { query },
        {
          contextValue: testContext(api),
        },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { result: response.body.singleResult, log };
    } finally {
      await server.stop();
    }
  }

  it('maps a loader rejection through the table, with no stacktrace', async () => {
    const api = new FakePackagesApi().failWith(
      new WixTransportError('queryPackages', 'RESET', true),
    );
    const { result, log } = await run(api, `{ package(id: "${guid('pkg', 1)}") { id } }`);
    expect(result.errors).toEqual([
      {
        message: 'The connection to the Wix API was lost.',
        locations: [{ line: 1, column: 3 }],
        path: ['package'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      },
    ]);
    expect(log).not.toHaveBeenCalled();
  });

  it('lets validation errors through with their code', async () => {
    const { result } = await run(new FakePackagesApi(), '{ nope }');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
