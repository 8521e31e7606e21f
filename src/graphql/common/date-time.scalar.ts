import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { SERIALIZES_UNCHANGED } from '../pipeline/projection/verified-leaves';

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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two-digit number at `at` of `value`, or -1 when either character is not a digit. */
function twoDigits(value: string, at: number): number {
  const tens = value.charCodeAt(at) - 48;
  const units = value.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/**
 * True when `value` is already in the upstream's form (`YYYY-MM-DDTHH:MM:SS.mmmZ`, a real
 * calendar date, year 0100 or later) and so is its own `toUpstreamTimestamp`. Every output
 * value passes through here: a character check instead of a regex and two Date round trips.
 */
export function isUpstreamTimestamp(value: string): boolean {
  if (value.length !== 24) return false;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':') return false;
  if (value[16] !== ':' || value[19] !== '.' || value[23] !== 'Z') return false;
  const century = twoDigits(value, 0);
  const yearInCentury = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const millisHigh = twoDigits(value, 20);
  const millisLow = value.charCodeAt(22) - 48;
  // Years below 100 take the full parse (Date.UTC maps them to 19xx).
  if (century < 1 || yearInCentury < 0 || millisHigh < 0 || millisLow < 0 || millisLow > 9) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1) return false;
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return false;
  }
  const year = century * 100 + yearInCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
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
    if (typeof value === 'string' && isUpstreamTimestamp(value)) return value;
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    const parsed = typeof value === 'string' ? toUpstreamTimestamp(value) : undefined;
    if (parsed === undefined) throw new GraphQLError('DateTime cannot represent this value');
    return parsed;
  },
  parseValue: parseInput,
  // What the projection may skip `serialize` for (pipeline/projection/verified-leaves.ts).
  extensions: { [SERIALIZES_UNCHANGED]: isUpstreamTimestamp },
  parseLiteral(ast): string {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be given as a string');
    return parseInput(ast.value);
  },
});
