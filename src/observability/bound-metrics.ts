/**
 * Counters and histograms for the per-request hot path, rendered by prom-client's Registry like
 * its own. A caller binds a label set once (`series(labels)`) and keeps the handle; recording
 * is then plain arithmetic. prom-client's `inc`/`observe` validate the label names, build a
 * hash string and allocate on every call (its `labels()` children do the same), which made
 * metrics the largest gateway-specific cost of a request answered without an upstream call.
 *
 * The registry reads these through `get()`, the shape prom-client's own metrics return (a
 * test renders both for the same records and compares the text); label *values* are the
 * caller's to bound (metric-labels.ts).
 */
import type { Metric, Registry } from 'prom-client';

export interface CounterSeries {
  inc(amount?: number): void;
}

export interface HistogramSeries {
  observe(value: number): void;
}

interface BoundMetricOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly registers: readonly Registry[];
}

/** One exposition line's data, as prom-client's Registry reads it. */
interface ExportedValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
}

/** Base: the label set of a series is checked, copied and frozen once, when it is bound. */
abstract class BoundMetric<L extends string, S> {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum' as const;
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly L[];
  private readonly bound = new Map<string, { labels: Readonly<Record<L, string>>; series: S }>();

  constructor(options: BoundMetricOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // The registry accepts any object with prom-client's metric shape (name, help, type,
    // aggregator, get, reset); its TypeScript type only names prom-client's own classes.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series of `labels` (every label name, nothing else), created on first use. */
  protected bind(labels: Readonly<Record<L, string>>, create: () => S): S {
    const names = Object.keys(labels);
    if (
      names.length !== this.labelNames.length ||
      names.some((n) => !this.labelNames.includes(n as L))
    ) {
      throw new Error(`${this.name}: labels must be exactly ${this.labelNames.join(', ')}`);
    }
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let entry = this.bound.get(key);
    if (entry === undefined) {
      entry = { labels: Object.freeze({ ...labels }), series: create() };
      this.bound.set(key, entry);
    }
    return entry.series;
  }

  /**
   * Sets every series back to zero (prom-client's `resetMetrics`). Unlike prom-client, the
   * series stay (at zero), so handles bound before keep counting into exported series.
   */
  reset(): void {
    for (const { series } of this.bound.values()) this.zero(series);
  }

  protected abstract zero(series: S): void;

  /** What the registry renders, in prom-client's `get()` shape. */
  async get() {
    const values: ExportedValue[] = [];
    for (const { labels, series } of this.bound.values()) this.export(labels, series, values);
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  /** Appends the exposition values of one series. */
  protected abstract export(
    labels: Readonly<Record<L, string>>,
    series: S,
    into: ExportedValue[],
  ): void;
}

class CounterValue implements CounterSeries {
  value = 0;

  inc(amount = 1): void {
    if (!(amount >= 0) || !Number.isFinite(amount)) {
      throw new RangeError('a counter increases by a finite, non-negative amount');
    }
    this.value += amount;
  }
}

/** A counter whose series are bound once. */
export class BoundCounter<L extends string> extends BoundMetric<L, CounterValue> {
  readonly type = 'counter' as const;

  series(labels: Readonly<Record<L, string>>): CounterSeries {
    return this.bind(labels, () => new CounterValue());
  }

  protected zero(series: CounterValue): void {
    series.value = 0;
  }

  protected export(
    labels: Readonly<Record<L, string>>,
    series: CounterValue,
    into: ExportedValue[],
  ) {
    into.push({ value: series.value, labels });
  }
}

class HistogramValue implements HistogramSeries {
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    let index = 0;
    while (index < this.bounds.length && value > (this.bounds[index] as number)) index += 1;
    this.counts[index] = (this.counts[index] as number) + 1;
    this.sum += value;
    this.count += 1;
  }
}

/** A histogram whose series are bound once; buckets as prom-client's (`value <= le`). */
export class BoundHistogram<L extends string> extends BoundMetric<L, HistogramValue> {
  readonly type = 'histogram' as const;
  private readonly bounds: readonly number[];

  constructor(options: BoundMetricOptions<L> & { readonly buckets: readonly number[] }) {
    super(options);
    this.bounds = [...options.buckets].sort((a, b) => a - b);
  }

  series(labels: Readonly<Record<L, string>>): HistogramSeries {
    return this.bind(labels, () => new HistogramValue(this.bounds));
  }

  protected zero(series: HistogramValue): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
  }

  /** Like prom-client's histogram: buckets (`le` first, cumulative), `+Inf`, sum, count. */
  protected export(
    labels: Readonly<Record<L, string>>,
    series: HistogramValue,
    into: ExportedValue[],
  ) {
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    this.bounds.forEach((le, index) => {
      cumulative += series.counts[index] as number;
      into.push({ value: cumulative, labels: { le, ...labels }, metricName: bucket });
    });
    into.push(
      { value: series.count, labels: { le: '+Inf', ...labels }, metricName: bucket },
      { value: series.sum, labels, metricName: `${this.name}_sum` },
      { value: series.count, labels, metricName: `${this.name}_count` },
    );
  }
}
