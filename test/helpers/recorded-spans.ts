/**
 * Tracing for tests: the gateway's own tracing setup (start-tracing.ts) with an in-memory
 * exporter behind a synchronous processor, and helpers to walk what it recorded.
 */
import { SpanKind } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config/config';
import { startTracing } from '../../src/observability/tracing/start-tracing';
import type { Tracing } from '../../src/observability/tracing/tracing';

export interface RecordingTracing {
  readonly tracing: Tracing;
  readonly exporter: InMemorySpanExporter;
}

/** Tracing as `env` configures it (sampler, resource), recording into memory. */
export async function startRecordingTracing(
  env: Record<string, string> = {},
): Promise<RecordingTracing> {
  const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', ...env });
  if (config.tracing === undefined) throw new Error('tracing is off for this env');
  const exporter = new InMemorySpanExporter();
  const tracing = await startTracing(config.tracing, {
    spanProcessor: new SimpleSpanProcessor(exporter),
  });
  return { tracing, exporter };
}

/** A W3C `traceparent` with fresh random ids, sampled. */
export function aTraceparent(): { traceparent: string; traceId: string; spanId: string } {
  const hex = (bytes: number) =>
    Array.from({ length: bytes }, () => Math.floor(Math.random() * 256))
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
  const traceId = hex(16);
  const spanId = hex(8);
  return { traceparent: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

export const parentIdOf = (span: ReadableSpan): string | undefined =>
  span.parentSpanContext?.spanId;

/** The single span named `name` (throws when there are none or several). */
export function onlySpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one span "${name}", got ${found.length} in ${spans.map((s) => s.name)}`,
    );
  }
  return found[0] as ReadableSpan;
}

export function spansOfKind(spans: readonly ReadableSpan[], kind: SpanKind): ReadableSpan[] {
  return spans.filter((span) => span.kind === kind);
}

/** Everything a span carries that an exporter sends, as text to grep for secrets. */
export function exportedText(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((span) => ({
      name: span.name,
      attributes: span.attributes,
      events: span.events,
      status: span.status,
      links: span.links,
      resource: span.resource.attributes,
    })),
  );
}
