import { ConfigError, loadConfig } from '../../../src/config/config';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('tracing configuration (OTEL_* variables)', () => {
  it('is off without an OTLP endpoint, whatever else is set', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(
      loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'nonsense' }).tracing,
    ).toBeUndefined();
  });

  it('derives <base>/v1/traces from OTEL_EXPORTER_OTLP_ENDPOINT, with the defaults', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      exportHeaders: {},
      serviceName: 'packages-gateway',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      resourceAttributes: { 'service.name': 'packages-gateway' },
    });
  });

  it('uses the signal-specific endpoint and protocol as given', () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/custom/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    }).tracing;
    expect(tracing?.tracesUrl).toBe('https://otlp.example.com/custom/traces');
    expect(tracing?.protocol).toBe('http/json');
  });

  it('reads the service name, resource attributes, headers and sampler', () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,deployment.environment.name=prod%20eu',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr%3Dt',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).tracing;
    expect(tracing?.serviceName).toBe('from-attrs');
    expect(tracing?.resourceAttributes).toEqual({
      'service.name': 'from-attrs',
      'deployment.environment.name': 'prod eu',
    });
    expect(tracing?.exportHeaders).toEqual({ 'x-api-key': 's3cr=t' });
    expect(tracing?.sampler).toBe('parentbased_traceidratio');
    expect(tracing?.samplerRatio).toBe(0.25);
    const named = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_SERVICE_NAME: 'gw-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs',
    }).tracing;
    expect(named?.serviceName).toBe('gw-eu');
    expect(named?.resourceAttributes['service.name']).toBe('gw-eu');
  });

  it('stays off with OTEL_SDK_DISABLED=true', () => {
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })
        .tracing,
    ).toBeUndefined();
  });

  it('reports every bad tracing variable by name, never echoing the export headers', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_RESOURCE_ATTRIBUTES: 'no-equals-sign',
      OTEL_EXPORTER_OTLP_HEADERS: 'secret-token-value',
    });
    for (const name of [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_TRACES_SAMPLER',
      'OTEL_RESOURCE_ATTRIBUTES',
      'OTEL_EXPORTER_OTLP_HEADERS',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('secret-token-value');
    expect(
      problemsOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '1.5',
      }),
    ).toContain('OTEL_TRACES_SAMPLER_ARG');
  });
});
