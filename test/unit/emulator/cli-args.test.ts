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
});
