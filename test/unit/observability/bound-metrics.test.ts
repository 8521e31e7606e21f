/**
 * Bound counters and histograms must render exactly as prom-client's own classes do for the
 * same records: the same records go into a prom-client metric on one registry and into a bound
 * one on another, and the exposition texts are compared whole.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { BoundCounter, BoundHistogram } from '../../../src/observability/bound-metrics';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LABELS = ['endpoint', 'method'] as const;
type Labels = Record<(typeof LABELS)[number], string>;

/** Label sets with values the exposition must escape (quote, backslash, newline). */
const SERIES: Labels[] = [
  { endpoint: 'getPackage', method: 'GET' },
  { endpoint: 'queryPackages', method: 'POST' },
  { endpoint: 'odd "quoted" \\ name\nline', method: 'GET' },
];

/** Values on, between, below and above the bounds, in a fixed order (sums are order-bound). */
const VALUES = [0, 0.005, 0.0051, 0.07, 0.1, 0.3333, 1, 2.5, 4.99, 10, 10.01, 250, 0.012];

/** The registry's JSON view, without prom-client's always-empty `exemplar` slots (off here). */
async function jsonOf(registry: Registry) {
  return (await registry.getMetricsAsJSON()).map((metric) => ({
    ...metric,
    values: metric.values.map((value) => {
      const { exemplar, ...rest } = value as typeof value & { exemplar?: unknown };
      expect(exemplar ?? null).toBeNull();
      return rest;
    }),
  }));
}

/** A histogram in no registry, with one bucket at 1. */
function unregisteredHistogram() {
  return new BoundHistogram({
    name: 'h',
    help: 'h',
    labelNames: LABELS,
    buckets: [1],
    registers: [],
  });
}

function registries() {
  return { theirs: new Registry(), ours: new Registry() };
}

describe('BoundHistogram', () => {
  it('renders what prom-client’s Histogram renders for the same observations', async () => {
    const { theirs, ours } = registries();
    const options = { name: 'h_seconds', help: 'A histogram.', labelNames: LABELS };
    const reference = new Histogram({ ...options, buckets: BUCKETS, registers: [theirs] });
    const bound = new BoundHistogram({ ...options, buckets: BUCKETS, registers: [ours] });

    VALUES.forEach((value, index) => {
      const labels = SERIES[index % SERIES.length]!;
      reference.observe(labels, value);
      bound.series(labels).observe(value);
    });

    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await jsonOf(ours)).toEqual(await jsonOf(theirs));
  });

  it('sorts its buckets, and renders HELP and TYPE alone before any observation', async () => {
    const { theirs, ours } = registries();
    const options = { name: 'h', help: 'Empty.', labelNames: LABELS };
    new Histogram({ ...options, buckets: [1, 2], registers: [theirs] });
    const bound = new BoundHistogram({ ...options, buckets: [2, 1], registers: [ours] });

    expect(await ours.metrics()).toBe(await theirs.metrics());

    bound.series(SERIES[0]!).observe(1.5);
    expect(await ours.metrics()).toContain('h_bucket{le="1",endpoint="getPackage",method="GET"} 0');
    expect(await ours.metrics()).toContain('h_bucket{le="2",endpoint="getPackage",method="GET"} 1');
  });

  it('hands out one series per label set, whatever the key order', () => {
    const bound = unregisteredHistogram();

    expect(bound.series({ method: 'GET', endpoint: 'a' })).toBe(
      bound.series({ endpoint: 'a', method: 'GET' }),
    );
    expect(bound.series({ endpoint: 'a', method: 'POST' })).not.toBe(
      bound.series({ endpoint: 'a', method: 'GET' }),
    );
  });

  it('refuses label sets with missing or unknown names, and non-finite values', () => {
    const bound = unregisteredHistogram();

    expect(() => bound.series({ endpoint: 'a' } as Labels)).toThrow(/endpoint, method/);
    bound.series(SERIES[0]!);
    expect(() => bound.series({ ...SERIES[0]!, extra: 'x' } as unknown as Labels)).toThrow(
      /endpoint, method/,
    );
    expect(() =>
      bound.series({ endpoint: 'a', method: 'GET', extra: 'x' } as unknown as Labels),
    ).toThrow(/endpoint, method/);
    expect(() => bound.series(SERIES[0]!).observe(Number.NaN)).toThrow(TypeError);
    expect(() => bound.series(SERIES[0]!).observe(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('resets to zero in place: bound handles keep counting into exported series', async () => {
    const registry = new Registry();
    const bound = new BoundHistogram({
      name: 'h',
      help: 'h',
      labelNames: LABELS,
      buckets: [1],
      registers: [registry],
    });
    const series = bound.series(SERIES[0]!);
    series.observe(0.5);

    registry.resetMetrics();
    expect(await registry.metrics()).toContain('h_count{endpoint="getPackage",method="GET"} 0');
    series.observe(2);
    expect(await registry.metrics()).toContain('h_count{endpoint="getPackage",method="GET"} 1');
    expect(await registry.metrics()).toContain('h_sum{endpoint="getPackage",method="GET"} 2');
  });
});

describe('BoundCounter', () => {
  it('renders what prom-client’s Counter renders for the same increments', async () => {
    const { theirs, ours } = registries();
    const options = { name: 'c_total', help: 'A "counter" \\ with\nescapes.', labelNames: LABELS };
    const reference = new Counter({ ...options, registers: [theirs] });
    const bound = new BoundCounter({ ...options, registers: [ours] });

    [1, 1, 2.5, 0, 7].forEach((amount, index) => {
      const labels = SERIES[index % SERIES.length]!;
      reference.inc(labels, amount);
      bound.series(labels).inc(amount);
    });
    reference.inc(SERIES[0]!);
    bound.series(SERIES[0]!).inc();

    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await jsonOf(ours)).toEqual(await jsonOf(theirs));
  });

  it('refuses to go down or by a non-finite amount', () => {
    const series = new BoundCounter({
      name: 'c',
      help: 'c',
      labelNames: LABELS,
      registers: [],
    }).series(SERIES[0]!);

    expect(() => series.inc(-1)).toThrow(RangeError);
    expect(() => series.inc(Number.NaN)).toThrow(RangeError);
    expect(() => series.inc(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('is found by name in the registry, next to prom-client’s own metrics', async () => {
    const registry = new Registry();
    const bound = new BoundCounter({
      name: 'c',
      help: 'c',
      labelNames: LABELS,
      registers: [registry],
    });
    new Counter({ name: 'other', help: 'o', registers: [registry] });

    expect(registry.getSingleMetric('c')).toBe(bound);
    expect(
      () => new BoundCounter({ name: 'c', help: 'c', labelNames: LABELS, registers: [registry] }),
    ).toThrow(/already been registered/);
  });
});
