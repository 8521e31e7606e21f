import { Kind } from 'graphql';
import {
  DateTimeScalar,
  isUpstreamTimestamp,
  toUpstreamTimestamp,
} from '../../../src/graphql/common/date-time.scalar';

describe('DateTime scalar', () => {
  it('serialises the upstream millisecond Z string unchanged', () => {
    expect(DateTimeScalar.serialize('2021-12-02T15:45:30.941Z')).toBe('2021-12-02T15:45:30.941Z');
  });

  it('serialises Date objects and rejects junk', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2024, 0, 2)))).toBe(
      '2024-01-02T00:00:00.000Z',
    );
    expect(() => DateTimeScalar.serialize('yesterday')).toThrow();
    expect(() => DateTimeScalar.serialize(12)).toThrow();
  });

  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00.1Z', '2024-05-01T10:00:00.100Z'],
    ['2024-05-01t10:00:00.123456z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T12:00:00.000+02:00', '2024-05-01T10:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('parses %s as %s', (input, output) => {
    expect(DateTimeScalar.parseValue(input)).toBe(output);
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: input })).toBe(output);
  });

  it.each([
    '2024-05-01',
    '2024-05-01 10:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T10:00:00',
    '1714557600000',
  ])('rejects %s', (input) => {
    expect(toUpstreamTimestamp(input)).toBeUndefined();
    expect(() => DateTimeScalar.parseValue(input)).toThrow(/RFC 3339/);
  });

  it('rejects non-string literals and values', () => {
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow();
    expect(() => DateTimeScalar.parseValue(1714557600000)).toThrow();
  });
});

describe('isUpstreamTimestamp (the serialisation fast path)', () => {
  /** Deterministic spread of instants from year 0100 to 9999, plus edge cases. */
  const samples: string[] = [
    '2024-02-29T23:59:59.999Z',
    '2023-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2024-00-10T00:00:00.000Z',
    '2024-01-00T00:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-01-01T00:60:00.000Z',
    '2024-01-01T00:00:60.000Z',
    '2024-01-01T00:00:00.00aZ',
    '2024-01-01t00:00:00.000Z',
    '2024-01-01T00:00:00.000z',
    '0050-03-01T00:00:00.000Z',
    '0000-02-29T00:00:00.000Z',
    '2024-01-01T00:00:00.000+00:00',
  ];
  let seed = 12345;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 48271) % 2_147_483_647;
    samples.push(new Date(-58_000_000_000_000 + seed * 140_000).toISOString());
  }

  it('accepts exactly the strings toUpstreamTimestamp returns unchanged', () => {
    for (const value of samples) {
      expect([value, isUpstreamTimestamp(value)]).toEqual([
        value,
        toUpstreamTimestamp(value) === value && !value.startsWith('00'),
      ]);
    }
  });
});
