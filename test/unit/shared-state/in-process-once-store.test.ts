/** The in-process OnceStore: a claim holds for its TTL, and a released key can be claimed again. */
import { createInProcessOnceStore } from '../../../src/shared-state/once-store';

describe('createInProcessOnceStore', () => {
  it('claims a key once while its claim lives, again after it expires', async () => {
    let now = 1_000;
    const store = createInProcessOnceStore(() => now);
    expect(await store.claim('a', 100)).toBe(true);
    expect(await store.claim('a', 100)).toBe(false);
    now += 100;
    expect(await store.claim('a', 100)).toBe(true);
  });

  it('release lets the next claim of that key succeed, and leaves other keys claimed', async () => {
    const store = createInProcessOnceStore(() => 0);
    expect(await store.claim('a', 1_000)).toBe(true);
    expect(await store.claim('b', 1_000)).toBe(true);
    await store.release('a');
    await store.release('never-claimed');
    expect(await store.claim('a', 1_000)).toBe(true);
    expect(await store.claim('a', 1_000)).toBe(false);
    expect(await store.claim('b', 1_000)).toBe(false);
  });
});
