import { parse, type OperationDefinitionNode } from 'graphql';
import { createKnownOperations } from '../../../src/graphql/execution/known-operations';
import {
  takePrecomputedOutcome,
  withPrecomputedOutcome,
} from '../../../src/graphql/execution/precomputed-results';

type Listener = {
  executionDidStart(context: {
    source: string;
    document: ReturnType<typeof parse>;
    operation?: OperationDefinitionNode;
    request: { operationName?: string };
  }): Promise<void>;
};

/** Drives the plugin the way Apollo does when an operation starts executing. */
async function execute(
  known: ReturnType<typeof createKnownOperations>,
  source: string,
  operationName?: string,
): Promise<void> {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition' &&
      (operationName === undefined || definition.name?.value === operationName),
  );
  const listener = (await known.plugin.requestDidStart!({} as never)) as unknown as Listener;
  await listener.executionDidStart({
    source,
    document,
    ...(operation === undefined ? {} : { operation }),
    request: operationName === undefined ? {} : { operationName },
  });
}

describe('known operations', () => {
  const TWO = 'query A { a } query B { b }';

  it('finds an operation by the exact text and the name as sent', async () => {
    const known = createKnownOperations(10);
    await execute(known, TWO, 'B');

    expect(known.find(TWO, 'B')?.operation.name?.value).toBe('B');
    expect(known.find(TWO, 'A')).toBeUndefined();
    expect(known.find(TWO, undefined)).toBeUndefined();
    expect(known.find(`${TWO} `, 'B')).toBeUndefined();
  });

  it('keeps "no name sent" apart from every name, the empty one included', async () => {
    const known = createKnownOperations(10);
    await execute(known, '{ a }');

    expect(known.find('{ a }', undefined)?.operation.operation).toBe('query');
    expect(known.find('{ a }', '')).toBeUndefined();
  });

  it('does not remember a start without a resolved operation', async () => {
    const known = createKnownOperations(10);
    await execute(known, TWO, 'C');

    expect(known.size()).toBe(0);
  });

  it('drops the oldest text when full', async () => {
    const known = createKnownOperations(2);
    await execute(known, '{ a }');
    await execute(known, '{ b }');
    await execute(known, '{ b }');
    await execute(known, '{ c }');

    expect(known.size()).toBe(2);
    expect(known.find('{ a }', undefined)).toBeUndefined();
    expect(known.find('{ b }', undefined)).toBeDefined();
    expect(known.find('{ c }', undefined)).toBeDefined();
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
