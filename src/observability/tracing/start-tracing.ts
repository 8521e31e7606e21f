/**
 * Starts OpenTelemetry tracing from the parsed configuration: an OTLP/HTTP exporter (JSON or
 * protobuf) behind a batching processor, the configured sampler and resource, W3C trace
 * context propagation, and the AsyncLocalStorage context manager (so a span started in the
 * request handler is the parent of everything the request does).
 *
 * The SDK packages are imported here, dynamically, and only when this runs: a gateway with
 * tracing off never loads them. Node 20 pins the SDK to the 2.x line (see the README).
 */
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../../config/config';
import type { Tracing } from './tracing';

/** Instrumentation scope of every span the gateway makes. */
export const TRACER_NAME = 'packages-gateway';

export interface StartTracingOptions {
  /** Replaces the OTLP exporter and its batching (tests: an in-memory exporter). */
  readonly spanProcessor?: SpanProcessor;
}

async function createSampler(config: TracingConfig): Promise<Sampler> {
  const sdk = await import('@opentelemetry/sdk-trace-base');
  const ratio = new sdk.TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}

async function createExportProcessor(config: TracingConfig): Promise<SpanProcessor> {
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const exporterOptions = { url: config.tracesUrl, headers: { ...config.exportHeaders } };
  const { OTLPTraceExporter } =
    config.protocol === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  return new BatchSpanProcessor(new OTLPTraceExporter(exporterOptions));
}

/** Starts tracing; `shutdown()` on the result flushes and stops it. */
export async function startTracing(
  config: TracingConfig,
  options: StartTracingOptions = {},
): Promise<Tracing> {
  const [{ NodeTracerProvider }, { resourceFromAttributes }, { W3CTraceContextPropagator }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/core'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ ...config.resourceAttributes }),
    sampler: await createSampler(config),
    spanProcessors: [options.spanProcessor ?? (await createExportProcessor(config))],
  });
  // Only the W3C trace context travels (no baggage: a client's baggage is not forwarded).
  const propagator = new W3CTraceContextPropagator();
  // Registers the AsyncLocalStorage context manager (and the provider and propagator for any
  // library using the global API). A second registration in one process (tests start several
  // gateways) keeps the first; the gateway always uses its own tracer and propagator.
  provider.register({ propagator });
  return {
    tracer: provider.getTracer(TRACER_NAME),
    propagator,
    shutdown: () => provider.shutdown(),
  };
}
