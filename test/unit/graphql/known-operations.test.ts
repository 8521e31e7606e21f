import { parse, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '../../../src/config/config';
import {
  createApolloAdapter,
  takePrecomputedOutcome,
  withPrecomputedOutcome,
} from '../../../src/graphql/pipeline/apollo-adapter';
import { createFastPath, type FastPath } from '../../../src/graphql/pipeline/fast-path';
import { createOperationPipeline } from '../../../src/graphql/pipeline/operation-pipeline';
import {
  ALL_SCOPES_CALLER,
  fixtureSchema as schema,
  type FixtureContext,
} from '../security/fixture-schema';

const settings = loadConfig({ NODE_ENV: 'test' }).graphql;

function createFixtureFastPath(maxKnownOperations: number) {
  const pipeline = createOperationPipeline<FixtureContext>({
    schema,
    settings,
    logMaskedError: () => {},
  });
  return { pipeline, fastPath: createFastPath({ pipeline, maxKnownOperations }) };
}

/** Remembers `source` as the Apollo adapter does when the operation starts executing. */
function remember(known: FastPath<FixtureContext>, source: string, operationName?: string): void {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition' &&
      (operationName === undefined || definition.name?.value === operationName),
  );
  if (operation === undefined) throw new Error('no such operation');
  known.remember({ source, document, operation }, operationName);
}

describe('known operations', () => {
  const TWO = 'query A { package(id: "a") { id } } query B { package(id: "b") { id } }';
  const [A, B, C] = ['a', 'b', 'c'].map((id) => `{ package(id: "${id}") { id } }`) as [
    string,
    string,
    string,
  ];

  it('finds an operation by the exact text and the name as sent', () => {
    const { fastPath: known } = createFixtureFastPath(10);
    remember(known, TWO, 'B');

    expect(known.find(TWO, 'B')?.operation.name?.value).toBe('B');
    expect(known.find(TWO, 'A')).toBeUndefined();
    expect(known.find(TWO, undefined)).toBeUndefined();
    expect(known.find(`${TWO} `, 'B')).toBeUndefined();
  });

  it('keeps "no name sent" apart from every name, the empty one included', () => {
    const { fastPath: known } = createFixtureFastPath(10);
    remember(known, A);

    expect(known.find(A, undefined)?.operation.operation).toBe('query');
    expect(known.find(A, '')).toBeUndefined();
  });

  it('remembers what Apollo executes, but not a start without a resolved operation', async () => {
    const { pipeline, fastPath: known } = createFixtureFastPath(10);
    const apollo = createApolloAdapter({ pipeline, settings, fastPath: known });
    await apollo.start();
    try {
      const contextValue = { caller: ALL_SCOPES_CALLER };
      await apollo.server.executeOperation({ query: TWO, operationName: 'C' }, { contextValue });
      expect(known.size()).toBe(0);
      await apollo.server.executeOperation({ query: TWO, operationName: 'A' }, { contextValue });
      expect(known.size()).toBe(1);
      expect(known.find(TWO, 'A')?.operation.name?.value).toBe('A');
    } finally {
      await apollo.stop();
    }
  });

  it('drops the oldest text when full', () => {
    const { fastPath: known } = createFixtureFastPath(2);
    remember(known, A);
    remember(known, B);
    remember(known, B);
    remember(known, C);

    expect(known.size()).toBe(2);
    expect(known.find(A, undefined)).toBeUndefined();
    expect(known.find(B, undefined)).toBeDefined();
    expect(known.find(C, undefined)).toBeDefined();

    // Texts of one length are told apart by content, an evicted one is gone from its length
    // too, and a text arriving as a new string (a parsed request body) is found.
    remember(known, A);
    expect(known.find(B, undefined)).toBeUndefined();
    expect(known.find(C, undefined)?.source).toBe(C);
    expect(known.find(JSON.parse(JSON.stringify(A)) as string, undefined)?.source).toBe(A);
    expect(known.find(`${A.slice(0, -1)}x`, undefined)).toBeUndefined();
    expect(known.size()).toBe(2);
  });
});

describe('precomputed outcomes', () => {
  it('ride on a copy of the context and are taken once', () => {
    const context = { requestId: 'r-1' };
    const outcome = { result: { data: { a: 1 } } };
    const carrying = withPrecomputedOutcome(context, outcome);
    // Apollo copies the context per request the same way.
    const copied = Object.assign(
      Object.create(Object.getPrototypeOf(carrying) as object),
      carrying,
    );

    expect(takePrecomputedOutcome(context)).toBeUndefined();
    expect(takePrecomputedOutcome(copied)).toBe(outcome);
    expect(takePrecomputedOutcome(copied)).toBeUndefined();
    expect((copied as { requestId: string }).requestId).toBe('r-1');
  });

  it('carry an exception as well as a result', () => {
    const thrown = new Error('executor failed');
    const carrying = withPrecomputedOutcome({ requestId: 'r-2' }, { thrown });

    expect(takePrecomputedOutcome(carrying)).toEqual({ thrown });
  });
});
