/**
 * LazilyPrimedLoader behaves as DataLoader with its default cache for every sequence of
 * loads, primes and clears (the same values, the same batches), while a primed value that is
 * never loaded costs no promise.
 */
import DataLoader from 'dataloader';
import { LazilyPrimedLoader } from '../../../src/loaders/lazily-primed-loader';

type Step =
  | { readonly op: 'load'; readonly keys: readonly string[] }
  | { readonly op: 'prime'; readonly key: string; readonly value: string | Error }
  /** Each value under the keys `keysOf` gives (`${value}` split on '+'). */
  | { readonly op: 'primeAll'; readonly values: readonly string[] }
  | { readonly op: 'clear'; readonly key: string }
  | { readonly op: 'clearAll' };

const keysOf = (value: string): readonly string[] => value.split('+');

/** Runs `steps` on a loader and says what every load gave and which batches ran. */
async function trace(
  loader: (batch: DataLoader.BatchLoadFn<string, string>) => DataLoader<string, string, string>,
  steps: readonly Step[],
) {
  const batches: string[][] = [];
  const subject = loader(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => `fetched:${key}`);
  });
  const seen: unknown[] = [];
  for (const step of steps) {
    if (step.op === 'load') {
      const settled = await Promise.allSettled(step.keys.map((key) => subject.load(key)));
      seen.push(
        settled.map((outcome) =>
          outcome.status === 'fulfilled'
            ? outcome.value
            : `error:${String((outcome.reason as Error).message)}`,
        ),
      );
    } else if (step.op === 'prime') subject.prime(step.key, step.value);
    else if (step.op === 'primeAll') {
      // DataLoader itself has no primeAll: the reference primes key by key, in order.
      if (subject instanceof LazilyPrimedLoader) subject.primeAll(step.values, keysOf);
      else
        for (const value of step.values) for (const key of keysOf(value)) subject.prime(key, value);
    } else if (step.op === 'clear') subject.clear(step.key);
    else subject.clearAll();
  }
  return { seen, batches };
}

const SEQUENCES: readonly (readonly Step[])[] = [
  [
    { op: 'primeAll', values: ['a+b', 'b+c', 'd'] },
    { op: 'load', keys: ['a', 'b', 'c', 'e'] },
  ],
  [
    { op: 'prime', key: 'b', value: 'first' },
    { op: 'primeAll', values: ['a+b'] },
    { op: 'primeAll', values: ['a+c'] },
    { op: 'load', keys: ['a', 'b', 'c'] },
  ],
  [
    { op: 'primeAll', values: ['a+b'] },
    { op: 'clear', key: 'a' },
    { op: 'load', keys: ['a', 'b'] },
  ],
  [
    { op: 'load', keys: ['a'] },
    { op: 'primeAll', values: ['a+b'] },
    { op: 'clearAll' },
    { op: 'primeAll', values: ['b+c'] },
    { op: 'prime', key: 'c', value: 'later' },
    { op: 'load', keys: ['a', 'b', 'c'] },
  ],
  [
    { op: 'prime', key: 'a', value: 'primed:a' },
    { op: 'load', keys: ['a', 'b'] },
  ],
  [
    { op: 'load', keys: ['a'] },
    { op: 'prime', key: 'a', value: 'primed:a' },
    { op: 'load', keys: ['a'] },
  ],
  [
    { op: 'prime', key: 'a', value: 'first' },
    { op: 'prime', key: 'a', value: 'second' },
    { op: 'load', keys: ['a'] },
  ],
  [
    { op: 'prime', key: 'a', value: 'first' },
    { op: 'clear', key: 'a' },
    { op: 'prime', key: 'a', value: 'second' },
    { op: 'load', keys: ['a', 'a'] },
  ],
  [
    { op: 'prime', key: 'a', value: 'primed:a' },
    { op: 'prime', key: 'b', value: 'primed:b' },
    { op: 'clearAll' },
    { op: 'load', keys: ['a', 'b', 'c'] },
  ],
  [
    { op: 'prime', key: 'a', value: new Error('primed failure') },
    { op: 'load', keys: ['a', 'b'] },
  ],
  [
    { op: 'load', keys: ['a'] },
    { op: 'clear', key: 'a' },
    { op: 'prime', key: 'a', value: 'replaced' },
    { op: 'load', keys: ['a', 'b'] },
    { op: 'prime', key: 'b', value: 'too late' },
    { op: 'load', keys: ['b'] },
  ],
];

it.each(SEQUENCES.map((steps) => [steps]))('matches DataLoader on %j', async (steps) => {
  const expected = await trace((batch) => new DataLoader(batch), steps);
  const actual = await trace((batch) => new LazilyPrimedLoader(batch), steps);
  expect(actual).toEqual(expected);
});

it('makes no promise for a primed value nobody loads', () => {
  const made: unknown[] = [];
  const original = Promise.resolve.bind(Promise);
  const spy = jest.spyOn(Promise, 'resolve').mockImplementation(((value: unknown) => {
    made.push(value);
    return original(value);
  }) as typeof Promise.resolve);
  try {
    const loader = new LazilyPrimedLoader<string>(async (keys) => keys.map(String));
    for (let i = 0; i < 100; i++) loader.prime(`key-${i}`, `value-${i}`);
    loader.primeAll(['x+y', 'z'], keysOf);
    expect(made).toEqual([]);
  } finally {
    spy.mockRestore();
  }
});
