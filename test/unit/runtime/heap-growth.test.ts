const setFlagsFromString = jest.fn();
jest.mock('node:v8', () => ({ setFlagsFromString }));

import { applyHeapGrowingPercent } from '../../../src/runtime/heap-growth';

describe('applyHeapGrowingPercent', () => {
  beforeEach(() => setFlagsFromString.mockClear());

  it('sets V8’s growing factor', () => {
    applyHeapGrowingPercent(100);
    expect(setFlagsFromString).toHaveBeenCalledWith('--heap-growing-percent=100');
  });

  it('leaves V8’s heuristic alone for 0', () => {
    applyHeapGrowingPercent(0);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('refuses a value that is not a non-negative integer', () => {
    expect(() => applyHeapGrowingPercent(-1)).toThrow();
    expect(() => applyHeapGrowingPercent(1.5)).toThrow();
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
