/**
 * Structured JSON logging (pino). Secrets are redacted by path as a second line of defence;
 * the first is never putting them in a log call at all.
 */
import pino, { type Logger } from 'pino';
import { createLogDestination } from './log-destination';

export type { Logger } from 'pino';

/** Paths pino censors wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
];

/**
 * Creates the process logger writing JSON lines to `destination` (by default stdout, through
 * the non-blocking destination of log-destination.ts).
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = createLogDestination(),
): Logger {
  return pino(
    {
      level,
      base: { service: 'packages-gateway' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
