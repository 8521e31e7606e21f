/**
 * The tracing part of the configuration, from the standard OpenTelemetry variables
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/ and the
 * OTLP exporter's). Tracing is on exactly when an OTLP endpoint is set (and the SDK is not
 * disabled); the other variables are read and checked only then, so a deployment that sets
 * them for another process is not refused.
 */
import type { EnvReader } from './env-reader';

export const DEFAULT_SERVICE_NAME = 'packages-gateway';

/** The OTLP encodings the bundled exporters speak (gRPC is not bundled). */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type TracesSamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const SAMPLERS: readonly TracesSamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

export interface TracingConfig {
  /** The full URL spans are POSTed to (`…/v1/traces` when derived from the base endpoint). */
  readonly tracesUrl: string;
  readonly protocol: OtlpProtocol;
  /** Extra headers of every export request (e.g. a collector's API key): secret, never logged. */
  readonly exportHeaders: Readonly<Record<string, string>>;
  readonly serviceName: string;
  readonly sampler: TracesSamplerName;
  /** The sampling ratio of the `traceidratio` samplers, in [0, 1]. */
  readonly samplerRatio: number;
  /** `OTEL_RESOURCE_ATTRIBUTES`, decoded; `service.name` is `serviceName`. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
}

/**
 * `key=value` pairs separated by commas, values percent-decoded (the W3C Baggage format the
 * OpenTelemetry spec uses for OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS). Returns
 * undefined when an entry is malformed; the caller names the variable (never its value, which
 * may be a secret).
 */
function parseKeyValueList(text: string): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) return undefined;
    const key = entry.slice(0, eq).trim();
    if (key === '') return undefined;
    try {
      result[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return result;
}

function readKeyValueList(env: EnvReader, name: string, text: string | undefined) {
  if (text === undefined) return {};
  const parsed = parseKeyValueList(text);
  if (parsed === undefined) env.problem(`${name} must be a comma-separated list of key=value`);
  return parsed ?? {};
}

/** The OTLP/HTTP traces URL: the signal-specific one as given, or `<base>/v1/traces`. */
function readTracesUrl(env: EnvReader): string | undefined {
  const specific = env.optionalUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (env.raw('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined) return specific;
  const base = env.optionalUrl('OTEL_EXPORTER_OTLP_ENDPOINT');
  return base === undefined ? undefined : `${base}/v1/traces`;
}

function readProtocol(env: EnvReader): OtlpProtocol {
  const allowed = ['http/protobuf', 'http/json'] as const;
  if (env.raw('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== undefined) {
    return env.oneOf('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', allowed, 'http/protobuf');
  }
  return env.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', allowed, 'http/protobuf');
}

function readSamplerRatio(env: EnvReader, sampler: TracesSamplerName): number {
  const text = env.optionalString('OTEL_TRACES_SAMPLER_ARG');
  if (text === undefined || !sampler.endsWith('traceidratio')) return 1;
  const ratio = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || ratio < 0 || ratio > 1) {
    env.problem(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${text}")`);
    return 1;
  }
  return ratio;
}

/** Tracing settings, or undefined when tracing is off (no endpoint, or OTEL_SDK_DISABLED). */
export function readTracingConfig(env: EnvReader): TracingConfig | undefined {
  if (env.boolean('OTEL_SDK_DISABLED', false)) return undefined;
  const endpointSet =
    env.raw('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined ||
    env.raw('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined;
  if (!endpointSet) return undefined;
  const tracesUrl = readTracesUrl(env) ?? '';
  const resourceAttributes = readKeyValueList(
    env,
    'OTEL_RESOURCE_ATTRIBUTES',
    env.optionalString('OTEL_RESOURCE_ATTRIBUTES'),
  );
  const serviceName =
    env.optionalString('OTEL_SERVICE_NAME') ??
    resourceAttributes['service.name'] ??
    DEFAULT_SERVICE_NAME;
  const sampler = env.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  return {
    tracesUrl,
    protocol: readProtocol(env),
    exportHeaders: readKeyValueList(
      env,
      'OTEL_EXPORTER_OTLP_HEADERS',
      env.optionalString('OTEL_EXPORTER_OTLP_HEADERS'),
    ),
    serviceName,
    sampler,
    samplerRatio: readSamplerRatio(env, sampler),
    resourceAttributes: { ...resourceAttributes, 'service.name': serviceName },
  };
}
