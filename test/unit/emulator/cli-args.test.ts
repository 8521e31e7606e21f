import { parseCliArgs } from '../../../src/emulator/cli-args';

describe('emulator: CLI arguments', () => {
  it('defaults to port 8080 and the demo seed', () => {
    expect(parseCliArgs([], {})).toEqual({ kind: 'run', options: { port: 8080, seed: 'demo' } });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    const result = parseCliArgs(
      [
        '--port',
        '9000',
        '--host=0.0.0.0',
        '--seed',
        'empty',
        '--data-file',
        '/tmp/x.json',
        '--fault-seed=7',
        '--faults',
        '[{"endpoint":"*","kind":"latency","latencyMs":5}]',
      ],
      {},
    );
    expect(result).toEqual({
      kind: 'run',
      options: {
        port: 9000,
        host: '0.0.0.0',
        seed: 'empty',
        dataFile: '/tmp/x.json',
        faultSeed: 7,
        faults: [{ endpoint: '*', kind: 'latency', latencyMs: 5 }],
      },
    });
  });

  it('takes EMULATOR_PORT when --port is absent; --port wins', () => {
    expect(parseCliArgs([], { EMULATOR_PORT: '7000' })).toMatchObject({ options: { port: 7000 } });
    expect(parseCliArgs(['--port', '7001'], { EMULATOR_PORT: '7000' })).toMatchObject({
      options: { port: 7001 },
    });
  });

  it('reports every problem at once', () => {
    const result = parseCliArgs(
      ['--port', 'abc', '--seed', 'full', '--faults', '{', '--bogus', '1', 'stray'],
      {},
    );
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.problems).toHaveLength(5);
  });

  it('answers --help', () => {
    expect(parseCliArgs(['--help'], {})).toEqual({ kind: 'help' });
  });
  it('parses the provisioning and webhook flags into options', () => {
    const result = parseCliArgs(
      [
        '--provisioning-delay-ms',
        '1500',
        '--provisioning-jitter-ms=500',
        '--provisioning-failed-share',
        '0.1',
        '--provisioning-awaiting-share',
        '0.05',
        '--provisioning-seed',
        '9',
        '--webhook-url',
        'http://127.0.0.1:4000/webhooks/wix',
        '--webhook-time-compression',
        '60',
        '--webhook-timeout-ms',
        '500',
        '--webhook-max-resends',
        '3',
        '--webhook-faults',
        '{"duplicateRate":0.2,"delayMs":100}',
        '--webhook-seed',
        '4',
        '--webhook-key-file',
        '/tmp/key.pem',
      ],
      {},
    );
    expect(result).toMatchObject({
      kind: 'run',
      webhookKeyFile: '/tmp/key.pem',
      options: {
        provisioning: {
          delayMs: 1500,
          jitterMs: 500,
          failedShare: 0.1,
          awaitingActionShare: 0.05,
          seed: 9,
        },
        webhooks: {
          url: 'http://127.0.0.1:4000/webhooks/wix',
          timeCompression: 60,
          timeoutMs: 500,
          maxResends: 3,
          seed: 4,
          faults: { duplicateRate: 0.2, delayMs: 100, outOfOrderRate: 0 },
        },
      },
    });
  });

  it('leaves provisioning off and webhooks unset without their flags', () => {
    const result = parseCliArgs([], {});
    expect(result.kind).toBe('run');
    if (result.kind !== 'run') return;
    expect(result.options.provisioning).toBeUndefined();
    expect(result.options.webhooks).toBeUndefined();
  });

  it('reports bad provisioning and webhook flags, naming them', () => {
    const result = parseCliArgs(
      [
        '--provisioning-failed-share',
        '2',
        '--webhook-url',
        'not a url',
        '--webhook-max-resends',
        '13',
        '--webhook-faults',
        '{',
      ],
      {},
    );
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.problems).toEqual([
      '--provisioning-* options need --provisioning-delay-ms',
      '--webhook-faults must be JSON',
      'webhooks: url must be an http: or https: URL (or null)',
      'webhooks: maxResends must be an integer in 0..12',
    ]);
    const second = parseCliArgs(
      ['--provisioning-delay-ms', 'x', '--webhook-url', 'ftp://a', '--webhook-max-resends', '13'],
      {},
    );
    expect(second.kind === 'error' && second.problems).toEqual([
      'provisioning: delayMs must be an integer in 0..86400000',
      'webhooks: url must be an http: or https: URL (or null)',
      'webhooks: maxResends must be an integer in 0..12',
    ]);
  });
});
