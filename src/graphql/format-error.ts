/**
 * Apollo `formatError`: the last gate before a client sees an error.
 * Lets through only errors made on purpose — `GatewayError`s, the auth layer's
 * `AuthenticationError` / `AuthorizationError` (and any class passed as `intentional`), and
 * request errors raised before execution (parse, validation, variable coercion, plugins'
 * GraphQLErrors: no response path, nothing but GraphQLErrors in the cause chain) — and
 * replaces everything else with a generic `INTERNAL_SERVER_ERROR`, logging the original once.
 * Stack traces never pass, whatever `includeStacktraceInErrorResponses` says.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AuthenticationError } from '../auth/authentication-error';
import { AuthorizationError } from '../auth/authorization';
import { WixError, WixHttpError, WixTransportError } from '../wix/errors';
import { GatewayError } from './errors';

/** A class of errors raised on purpose, whose message and extensions are safe to show. */
export type IntentionalErrorClass = abstract new (...args: never[]) => GraphQLError;

export interface FormatErrorOptions {
  /** More classes to let through with their extensions (GatewayError and auth errors always are). */
  readonly intentional?: readonly IntentionalErrorClass[];
}

const ALWAYS_INTENTIONAL: readonly IntentionalErrorClass[] = [
  AuthenticationError,
  AuthorizationError,
];

/** Extension keys never sent, even on errors we let through. */
const INTERNAL_EXTENSIONS = new Set(['stacktrace', 'exception', 'http']);

/** What a masked error looked like, for the log line (never sent to a client). */
export interface MaskedErrorEvent {
  readonly event: 'graphql.unexpected_error';
  readonly errorName: string;
  readonly errorMessage: string;
  readonly path?: string;
  readonly upstream?: { kind: string; endpoint: string; status?: number; reason?: string };
}

const GENERIC_MESSAGE = 'Unexpected error.';
const MAX_LOGGED_MESSAGE = 300;

/**
 * graphql-js and graphql-jit quote the offending value when a leaf cannot be serialised
 * (`Enum "ProductInstanceStatus" cannot represent value: "…"`, `ID cannot represent value: …`,
 * `Int cannot represent non-integer value: …`). That value is upstream data, which may be
 * anything (an echoed API key included): the log keeps what failed, never the value.
 */
const QUOTED_VALUE = /\bvalue: [\s\S]*$/;

function loggedMessage(message: string): string {
  const vouched = message.replace(QUOTED_VALUE, 'value: (omitted)');
  return vouched.length > MAX_LOGGED_MESSAGE ? `${vouched.slice(0, MAX_LOGGED_MESSAGE)}…` : vouched;
}

/** The chain `error → originalError → …`, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return chain;
}

function isRequestError(error: unknown, chain: readonly unknown[]): boolean {
  return (
    error instanceof GraphQLError &&
    error.path === undefined &&
    chain.every((link) => link instanceof GraphQLError)
  );
}

function pathText(formatted: GraphQLFormattedError): string | undefined {
  return formatted.path?.join('.');
}

function describe(original: unknown, formatted: GraphQLFormattedError): MaskedErrorEvent {
  const error = original instanceof Error ? original : undefined;
  const message = error?.message ?? String(original);
  const path = pathText(formatted);
  return {
    event: 'graphql.unexpected_error',
    errorName: error?.name ?? typeof original,
    errorMessage: loggedMessage(message),
    ...(path !== undefined && { path }),
    ...(original instanceof WixError && {
      upstream: {
        kind: original.kind,
        endpoint: original.endpoint,
        ...(original instanceof WixHttpError && { status: original.status }),
        ...(original instanceof WixTransportError && { reason: original.reason }),
      },
    }),
  };
}

function publicExtensions(
  extensions: GraphQLFormattedError['extensions'],
): Record<string, unknown> | undefined {
  if (extensions === undefined) return undefined;
  const kept = Object.entries(extensions).filter(([key]) => !INTERNAL_EXTENSIONS.has(key));
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

function withoutUndefined(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: formatted.message,
    ...(formatted.locations !== undefined && { locations: formatted.locations }),
    ...(formatted.path !== undefined && { path: formatted.path }),
    ...(formatted.extensions !== undefined && { extensions: formatted.extensions }),
  };
}

/**
 * Builds Apollo's `formatError`. `log` receives one `MaskedErrorEvent` per masked error;
 * it never contains a stack, an upstream body or value, a URL or a key.
 */
export function createFormatError(
  log: (event: MaskedErrorEvent) => void,
  options: FormatErrorOptions = {},
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const intentional = [...ALWAYS_INTENTIONAL, ...(options.intentional ?? [])];
  const isIntentional = (link: unknown): link is GraphQLError =>
    intentional.some((errorClass) => link instanceof errorClass);

  return (formatted, error) => {
    const chain = causeChain(error);
    const ours = chain.find((link): link is GatewayError => link instanceof GatewayError);
    if (ours) {
      return withoutUndefined({
        message: ours.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...ours.extensions },
      });
    }
    const deliberate = chain.find(isIntentional);
    if (deliberate) {
      return withoutUndefined({
        message: deliberate.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: publicExtensions({ ...deliberate.extensions, ...formatted.extensions }),
      });
    }
    if (isRequestError(error, chain)) {
      return withoutUndefined({
        message: formatted.message,
        locations: formatted.locations,
        extensions: publicExtensions(formatted.extensions),
      });
    }
    log(describe(chain[chain.length - 1], formatted));
    return withoutUndefined({
      message: GENERIC_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}
