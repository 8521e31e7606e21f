/**
 * Raw HTTP against a test gateway, for tests of the HTTP edge itself (methods, content types,
 * headers, status codes) that `TestGateway.graphql` deliberately hides. Every body read here is
 * checked for the upstream API key, as `TestGateway.graphql` does.
 */
import { assertNoSecret, type TestGateway } from './test-gateway';

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = GraphQLBody>(): T;
}

/** The shape of a GraphQL response body, loosely typed for assertions. */
export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Sends `init` to `path` of the gateway and reads the whole response. */
export async function send(
  gateway: Pick<TestGateway, 'url'>,
  path: string,
  init: RequestInit = {},
): Promise<RawResponse> {
  const response = await fetch(`${gateway.url}${path}`, init);
  const text = await response.text();
  assertNoSecret(text, `the response to ${init.method ?? 'GET'} ${path}`);
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** POSTs a JSON GraphQL request body (an object, or an array for a batch). */
export function postGraphQL(
  gateway: Pick<TestGateway, 'url'>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(gateway, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The `/graphql?…` path of a GET request carrying these parameters. */
export function graphqlGetPath(params: Record<string, string | object>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return `/graphql?${search.toString()}`;
}

/** The `extensions.code` of every error in a GraphQL body. */
export function errorCodes(body: GraphQLBody): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.['code']);
}

/** The `wix-account-id` of every upstream call the emulator logged. */
export function upstreamAccountIds(gateway: Pick<TestGateway, 'emulator'>): string[] {
  return gateway.emulator.control
    .requestLog()
    .map((entry) => entry.headers['wix-account-id'] ?? '');
}

/** Fails when any captured log line of the gateway contains one of `secrets`. */
export function expectNotLogged(
  gateway: Pick<TestGateway, 'logLines'>,
  secrets: readonly string[],
): void {
  for (const line of gateway.logLines) {
    for (const secret of secrets) {
      if (line.includes(secret))
        throw new Error(`a secret leaked into a log line: ${line.slice(0, 120)}`);
    }
  }
}
