import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** RFC 3339 `date-time`: fractional seconds optional, `Z` or a numeric offset. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time and returns it as the upstream writes timestamps:
 * UTC with exactly three fractional digits and `Z` (`2024-05-01T10:00:00.120Z`).
 * Returns undefined for anything else, including impossible calendar dates (Feb 30).
 */
export function toUpstreamTimestamp(value: string): string | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.map(Number);
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  if (calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day!) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined;
  if (match[7] !== undefined && (offsetHour! > 23 || offsetMinute! > 59)) return undefined;
  const instant = Date.parse(value.toUpperCase());
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

function parseInput(value: unknown): string {
  const parsed = typeof value === 'string' ? toUpstreamTimestamp(value) : undefined;
  if (parsed === undefined) {
    throw new GraphQLError(
      'DateTime must be an RFC 3339 date-time string such as 2024-05-01T10:00:00.000Z',
    );
  }
  return parsed;
}

/**
 * `DateTime`: an instant as an ISO-8601 / RFC 3339 string. Output is exactly the upstream's
 * form (UTC, milliseconds, `Z`); input accepts any RFC 3339 date-time and is normalised to it.
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'An instant in time as an ISO-8601 / RFC 3339 string. Always returned in UTC with ' +
    'millisecond precision and a `Z` suffix (e.g. `2024-05-01T10:00:00.120Z`). Inputs accept ' +
    'any RFC 3339 date-time (fractional seconds optional, `Z` or a numeric offset).',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
  serialize(value: unknown): string {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    const parsed = typeof value === 'string' ? toUpstreamTimestamp(value) : undefined;
    if (parsed === undefined) throw new GraphQLError('DateTime cannot represent this value');
    return parsed;
  },
  parseValue: parseInput,
  parseLiteral(ast): string {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be given as a string');
    return parseInput(ast.value);
  },
});
