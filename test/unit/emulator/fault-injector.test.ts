import { FaultInjector } from '../../../src/emulator/faults/fault-injector';
import { parseFaultRules } from '../../../src/emulator/faults/fault-rule';

describe('emulator: fault injector', () => {
  it('adds latency rules and lets the first firing terminal rule win', () => {
    const injector = new FaultInjector(
      [
        { endpoint: '*', kind: 'latency', latencyMs: 10 },
        { endpoint: 'getPackage', kind: 'latency', latencyMs: 5, times: 1 },
        { endpoint: 'getPackage', kind: 'rateLimit', times: 1 },
        { endpoint: '*', kind: 'error', times: 1 },
      ],
      1,
    );
    expect(injector.decide('getPackage')).toMatchObject({
      latencyMs: 15,
      terminal: { kind: 'rateLimit' },
    });
    expect(injector.decide('getPackage')).toMatchObject({
      latencyMs: 10,
      terminal: { kind: 'error' },
    });
    expect(injector.decide('getPackage')).toEqual({ latencyMs: 10 });
  });

  it('draws rate faults from the seeded sequence, restarting it on set()', () => {
    const rules = [{ endpoint: '*' as const, kind: 'error' as const, rate: 0.3 }];
    const draw = (injector: FaultInjector) =>
      Array.from({ length: 50 }, () => injector.decide('queryPackages').terminal !== undefined);
    const a = new FaultInjector(rules, 9);
    const first = draw(a);
    expect(draw(new FaultInjector(rules, 9))).toEqual(first);
    a.set(rules);
    expect(draw(a)).toEqual(first);
    expect(draw(new FaultInjector(rules, 10))).not.toEqual(first);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(50);
  });

  it('validates rules', () => {
    expect(parseFaultRules([{ endpoint: 'createPackage', kind: 'dropAfter', times: 2 }])).toEqual({
      rules: [{ endpoint: 'createPackage', kind: 'dropAfter', times: 2 }],
    });
    const bad = parseFaultRules([
      { endpoint: 'x', kind: 'y' },
      { endpoint: '*', kind: 'latency' },
      { endpoint: '*', kind: 'error', rate: 0.5, times: 1, status: 404 },
    ]);
    expect('problems' in bad && bad.problems.length).toBe(5);
    expect(parseFaultRules('nope')).toHaveProperty('problems');
  });
});
