import {
  WixCircuitOpenError,
  WixHttpError,
  WixProtocolError,
  WixRateLimitedError,
  WixTransportError,
  type WixError,
} from '../../../src/wix/errors';
import {
  badUserInput,
  classifyUpstreamFailure,
  GatewayError,
  toClientError,
  toGraphQLError,
  UPSTREAM_ERROR_TABLE,
  type UpstreamFailure,
} from '../../../src/graphql/errors';

const SECRET_BODY = 'upstream said: api key abc123 at https://www.wixapis.com/resellers/v1/x';

function http(status: number, extra: Partial<{ code: string; retryAfterMs: number }> = {}) {
  return new WixHttpError({
    endpoint: 'queryPackages',
    status,
    applicationCode: extra.code,
    upstreamMessage: SECRET_BODY,
    requestId: 'req-42',
    retryAfterMs: extra.retryAfterMs,
  });
}

const CASES: ReadonlyArray<[UpstreamFailure, WixError, string]> = [
  ['transport-timeout', new WixTransportError('getPackage', 'TIMEOUT', true), 'UPSTREAM_TIMEOUT'],
  ['transport-deadline', new WixTransportError('getPackage', 'DEADLINE', true), 'UPSTREAM_TIMEOUT'],
  [
    'transport-connect',
    new WixTransportError('getPackage', 'CONNECT', false),
    'UPSTREAM_UNAVAILABLE',
  ],
  ['transport-reset', new WixTransportError('getPackage', 'RESET', true), 'UPSTREAM_UNAVAILABLE'],
  ['transport-aborted', new WixTransportError('getPackage', 'ABORTED', true), 'UPSTREAM_ABORTED'],
  ['circuit-open', new WixCircuitOpenError('getPackage'), 'UPSTREAM_CIRCUIT_OPEN'],
  ['protocol', new WixProtocolError('getPackage', 'not JSON'), 'UPSTREAM_PROTOCOL_ERROR'],
  ['budget-exhausted', new WixRateLimitedError('getPackage', 1234), 'UPSTREAM_RATE_LIMITED'],
  ['http-400', http(400), 'UPSTREAM_REJECTED'],
  ['http-401', http(401), 'UPSTREAM_AUTH_FAILED'],
  ['http-403', http(403), 'UPSTREAM_AUTH_FAILED'],
  ['http-404', http(404), 'NOT_FOUND'],
  ['http-409', http(409), 'CONFLICT'],
  ['http-428', http(428), 'UPSTREAM_PRECONDITION_FAILED'],
  ['http-429', http(429), 'UPSTREAM_RATE_LIMITED'],
  ['http-other-4xx', http(422), 'UPSTREAM_REJECTED'],
  ['http-504', http(504), 'UPSTREAM_TIMEOUT'],
  ['http-5xx', http(500), 'UPSTREAM_UNAVAILABLE'],
  ['http-5xx', http(503), 'UPSTREAM_UNAVAILABLE'],
];

describe('upstream error table', () => {
  it.each(CASES)('%s → %s', (row, error, code) => {
    expect(classifyUpstreamFailure(error)).toBe(row);
    const mapped = toGraphQLError(error);
    expect(mapped).toBeInstanceOf(GatewayError);
    expect(mapped.extensions.code).toBe(code);
  });

  it('covers every row of the table', () => {
    const rows = new Set(CASES.map(([row]) => row));
    expect([...rows].sort()).toEqual(Object.keys(UPSTREAM_ERROR_TABLE).sort());
  });

  it.each(CASES)('%s leaks no upstream text, URL, stack or endpoint', (_row, error) => {
    const text = JSON.stringify({
      m: toGraphQLError(error).message,
      e: toGraphQLError(error).extensions,
    });
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('wixapis');
    expect(text).not.toContain('upstream said');
    expect(text).not.toContain('queryPackages');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('gives HTTP errors httpStatus and the upstream request id', () => {
    expect(toGraphQLError(http(500)).extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus: 500,
      upstreamRequestId: 'req-42',
    });
  });

  it('passes retryAfterMs on 429', () => {
    expect(toGraphQLError(http(429, { retryAfterMs: 1500 })).extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterMs: 1500,
    });
  });

  it('passes retryAfterMs when the shared budget refused the call', () => {
    expect(toGraphQLError(new WixRateLimitedError('queryPackages', 1234.2)).extensions).toEqual({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterMs: 1235,
    });
  });

  it('shows a documented application code with our own message', () => {
    const mapped = toGraphQLError(http(428, { code: 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS' }));
    expect(mapped.extensions).toMatchObject({
      code: 'UPSTREAM_PRECONDITION_FAILED',
      wixCode: 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
      httpStatus: 428,
    });
    expect(mapped.message).toMatch(/status that does not allow/);
  });

  it('drops an application code it does not know, however well-formed (only known codes are vouched for)', () => {
    const mapped = toGraphQLError(http(404, { code: 'SOMETHING_NEW' }));
    expect(mapped.extensions.wixCode).toBeUndefined();
    expect(mapped.message).toBe(UPSTREAM_ERROR_TABLE['http-404'].message);
  });

  it('drops a malformed application code and request id', () => {
    const error = new WixHttpError({
      endpoint: 'getPackage',
      status: 404,
      applicationCode: 'a b<script>',
      requestId: 'id with spaces',
    });
    const extensions = toGraphQLError(error).extensions;
    expect(extensions.wixCode).toBeUndefined();
    expect(extensions.upstreamRequestId).toBeUndefined();
  });

  it('hides the application code on auth failures (an operator problem)', () => {
    const mapped = toGraphQLError(http(403, { code: 'PERMISSION_DENIED' }));
    expect(mapped.extensions.wixCode).toBeUndefined();
    expect(mapped.message).toMatch(/operator/);
  });

  it('passes only the vouched parts of field violations on 400: path, known rule, our words', () => {
    const error = new WixHttpError({
      endpoint: 'queryPackages',
      status: 400,
      fieldViolations: [
        { field: 'query.cursorPaging.limit', description: 'must be ≤ 100', violatedRule: 'MAX' },
        { field: 'products[2].country_code', description: SECRET_BODY, violatedRule: 'NEW_RULE' },
        { field: 'x y<script>', description: 'y'.repeat(500), ruleName: SECRET_BODY },
      ],
      upstreamMessage: SECRET_BODY,
    });
    expect(toGraphQLError(error).extensions.fieldViolations).toEqual([
      {
        field: 'query.cursorPaging.limit',
        description: 'Wix rejected this value as too long or too large.',
        rule: 'MAX',
      },
      { field: 'products[2].countryCode', description: 'Wix rejected this value.', rule: null },
      { field: null, description: 'Wix rejected this value.', rule: null },
    ]);
  });

  it('toClientError maps WixErrors and leaves other errors alone', () => {
    const other = new TypeError('bug');
    expect(toClientError(other)).toBe(other);
    expect(toClientError(http(500))).toBeInstanceOf(GatewayError);
  });

  it('badUserInput lists every violation', () => {
    const error = badUserInput([
      { path: 'first', message: 'must be between 1 and 100' },
      { path: 'filter.id.eq', message: 'is not a GUID' },
    ]);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.violations).toHaveLength(2);
    expect(error.message).toContain('filter.id.eq: is not a GUID');
  });
});
