/**
 * Reads an upstream response: the JSON body of a 2xx, or a typed `WixHttpError` built from the
 * contract: errors error envelope. The body is always consumed, so the keep-alive socket goes back to the pool.
 * Nothing of the raw body ends up in an error message.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { WixHttpError, WixProtocolError } from './errors';
import type { WixEndpoint } from './errors';
import { parseRetryAfterMs } from './retry-after';
import { redactDeep, type Redact, type SecretRedactor } from './secret-redaction';
import type { WixFieldViolation } from './wire-types';

/** The parts of an undici response this module reads. */
export interface UpstreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: { text(): Promise<string> };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function readFieldViolations(value: unknown, redact: Redact): WixFieldViolation[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): WixFieldViolation[] => {
    const record = asRecord(item);
    if (!record || typeof record.field !== 'string') return [];
    const violation: WixFieldViolation = {
      field: redact(record.field),
      description: typeof record.description === 'string' ? redact(record.description) : '',
    };
    if (typeof record.violatedRule === 'string') {
      violation.violatedRule = redact(record.violatedRule);
    }
    if (typeof record.ruleName === 'string') violation.ruleName = redact(record.ruleName);
    const data = asRecord(record.data);
    if (data) violation.data = redactDeep(data, redact) as Record<string, unknown>;
    return [violation];
  });
}

function optionalText(value: unknown, redact: Redact): string | undefined {
  return typeof value === 'string' && value !== '' ? redact(value) : undefined;
}

/**
 * Builds the typed error for a non-2xx answer from its (possibly unreadable) body text. Every
 * string taken from the answer passes through `redact` (secret-redaction.ts) here, the one
 * place upstream error text enters the gateway.
 */
export function toHttpError(
  endpoint: WixEndpoint,
  statusCode: number,
  headers: IncomingHttpHeaders,
  bodyText: string,
  nowMs: number,
  redact: Redact,
): WixHttpError {
  const envelope = asRecord(parseJson(bodyText));
  const details = asRecord(envelope?.details);
  const fieldViolations = readFieldViolations(
    asRecord(details?.validationError)?.fieldViolations,
    redact,
  );
  return new WixHttpError({
    endpoint,
    status: statusCode,
    applicationCode: optionalText(asRecord(details?.applicationError)?.code, redact),
    fieldViolations,
    upstreamMessage: optionalText(envelope?.message, redact) ?? '',
    requestId: optionalText(
      header(headers, 'x-wix-request-id') ?? header(headers, 'x-request-id'),
      redact,
    ),
    retryAfterMs: parseRetryAfterMs(headers['retry-after'], nowMs),
  });
}

/**
 * Consumes the response body and returns the parsed JSON of a 2xx, or throws `WixHttpError`
 * (non-2xx) or `WixProtocolError` (2xx that is not JSON). Either way every string taken from
 * the answer has passed through `redactor` (secret-redaction.ts). Errors while reading the body
 * (body timeout, reset) propagate for the caller to classify.
 */
export async function readUpstreamResponse(
  endpoint: WixEndpoint,
  response: UpstreamResponse,
  nowMs: () => number,
  redactor: SecretRedactor,
): Promise<unknown> {
  const text = await response.body.text();
  const { statusCode } = response;
  if (statusCode < 200 || statusCode > 299) {
    throw toHttpError(endpoint, statusCode, response.headers, text, nowMs(), redactor.redact);
  }
  const json = parseJson(text);
  if (json === undefined) throw new WixProtocolError(endpoint, 'body is not JSON');
  // One substring search of the text; the parsed body is walked only when it carries the key.
  return redactor.carriedBy(text) ? redactDeep(json, redactor.redact) : json;
}
