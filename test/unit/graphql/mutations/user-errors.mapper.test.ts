import {
  ADJUST_TARGET,
  ASSIGN_TARGET,
  CANCEL_PACKAGE_TARGET,
  createPackageTarget,
  UPDATE_EXTERNAL_ID_TARGET,
} from '../../../../src/graphql/mutations/mutation-error-targets';
import { UserErrorCode } from '../../../../src/graphql/mutations/user-error-code.enum';
import {
  toUserErrors,
  userErrorCodeOf,
} from '../../../../src/graphql/mutations/user-errors.mapper';
import { wireFieldPathSegments } from '../../../../src/graphql/common/wire-field-path';
import {
  WixCircuitOpenError,
  WixHttpError,
  WixProtocolError,
  WixTransportError,
} from '../../../../src/wix/errors';
import {
  WIX_APPLICATION_ERROR_CODES,
  type WixFieldViolation,
} from '../../../../src/wix/wire-types';

function httpError(
  status: number,
  code?: string,
  violations: WixFieldViolation[] = [],
  message = 'upstream text with secrets 0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9',
): WixHttpError {
  return new WixHttpError({
    endpoint: 'createPackage',
    status,
    applicationCode: code,
    fieldViolations: violations,
    upstreamMessage: message,
    requestId: 'req-1',
  });
}

describe('which failures are business refusals', () => {
  it.each([
    ['a 5xx', httpError(503)],
    ['a 429', httpError(429, 'TOO_MANY_REQUESTS')],
    ['a 401', httpError(401)],
    ['a 403', httpError(403)],
    ['a 413', httpError(413, 'PAYLOAD_TOO_LARGE')],
    ['a transport failure', new WixTransportError('createPackage', 'RESET', true)],
    ['an open breaker', new WixCircuitOpenError('createPackage')],
    ['an unreadable 2xx', new WixProtocolError('createPackage', 'x')],
    ['a programming error', new TypeError('boom')],
  ])('%s stays a top-level error', (_name, error) => {
    expect(toUserErrors(error, CANCEL_PACKAGE_TARGET)).toBeUndefined();
  });

  it('every documented Wix code (and the emulator-only ones) has a UserErrorCode of the same name', () => {
    for (const code of [...WIX_APPLICATION_ERROR_CODES, 'IDEMPOTENCY_KEY_REUSED']) {
      expect(userErrorCodeOf(httpError(428, code))).toBe(code);
    }
  });

  it.each([
    [400, UserErrorCode.INVALID_INPUT],
    [404, UserErrorCode.NOT_FOUND],
    [409, UserErrorCode.CONFLICT],
    [428, UserErrorCode.PRECONDITION_FAILED],
  ])('HTTP %i without a known code falls back to %s', (status, expected) => {
    expect(userErrorCodeOf(httpError(status, 'SOMETHING_NEW'))).toBe(expected);
    expect(userErrorCodeOf(httpError(status))).toBe(expected);
  });
});

describe('user errors', () => {
  it('name the argument the code concerns, with our own message (no upstream text)', () => {
    const [error] = toUserErrors(httpError(404, 'SITE_NOT_FOUND'), ASSIGN_TARGET)!;
    expect(error).toEqual({
      code: 'SITE_NOT_FOUND',
      message: 'The site does not exist in this account.',
      field: ['siteId'],
    });
  });

  it('NOT_FOUND names the entity and the id argument', () => {
    expect(toUserErrors(httpError(404, 'NOT_FOUND'), CANCEL_PACKAGE_TARGET)).toEqual([
      { code: 'NOT_FOUND', message: 'The package does not exist in this account.', field: ['id'] },
    ]);
    expect(toUserErrors(httpError(404, 'NOT_FOUND'), UPDATE_EXTERNAL_ID_TARGET)![0]!.field).toEqual(
      ['packageId'],
    );
  });

  it('createPackage: one product → its exact field; several → the products list', () => {
    expect(
      toUserErrors(httpError(428, 'MISSING_BILLING_CYCLE'), createPackageTarget(1))![0]!.field,
    ).toEqual(['input', 'products', '0', 'billingInfo']);
    expect(
      toUserErrors(httpError(428, 'MISSING_BILLING_CYCLE'), createPackageTarget(3))![0]!.field,
    ).toEqual(['input', 'products']);
    expect(
      toUserErrors(httpError(404, 'ACCOUNT_NOT_FOUND'), createPackageTarget(1))![0]!.field,
    ).toBeNull();
  });

  it('adjust: MISSING_PRODUCT_DETAILS points at the whole input', () => {
    expect(toUserErrors(httpError(428, 'MISSING_PRODUCT_DETAILS'), ADJUST_TARGET)).toEqual([
      {
        code: 'MISSING_PRODUCT_DETAILS',
        message: expect.any(String),
        field: ['input'],
      },
    ]);
  });

  it('turns each upstream field violation into INVALID_INPUT at the input path', () => {
    const errors = toUserErrors(
      httpError(400, undefined, [
        { field: 'products[0].countryCode', description: 'bad', violatedRule: 'FORMAT' },
        { field: 'external_id', description: 'too long', violatedRule: 'MAX' },
        { field: 'body', description: 'x' },
        { field: '../../etc', description: 'x', violatedRule: 'WEIRD' },
      ]),
      createPackageTarget(1),
    );
    expect(errors).toEqual([
      {
        code: 'INVALID_INPUT',
        message: 'Wix rejected the format of this value.',
        field: ['input', 'products', '0', 'countryCode'],
      },
      {
        code: 'INVALID_INPUT',
        message: 'Wix rejected this value as too long or too large.',
        field: ['input', 'externalId'],
      },
      { code: 'INVALID_INPUT', message: 'Wix rejected this value.', field: ['input', 'body'] },
      { code: 'INVALID_INPUT', message: 'Wix rejected this value.', field: null },
    ]);
    for (const error of errors!) expect(error.message).not.toContain('bad');
  });

  it('a 400 without violations is one INVALID_INPUT without a field', () => {
    expect(toUserErrors(httpError(400), UPDATE_EXTERNAL_ID_TARGET)).toEqual([
      { code: 'INVALID_INPUT', message: 'Wix rejected the request as invalid.', field: null },
    ]);
  });

  it('caps the number of violations', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({
      field: `products[${i}].siteId`,
      description: 'x',
    }));
    expect(toUserErrors(httpError(400, undefined, many), createPackageTarget(50))).toHaveLength(20);
  });
});

describe('wireFieldPathSegments', () => {
  it.each([
    ['products[0].countryCode', ['products', '0', 'countryCode']],
    ['products.12.billing_info.cycle_duration', ['products', '12', 'billingInfo', 'cycleDuration']],
    ['externalId', ['externalId']],
  ])('%s', (input, expected) => {
    expect(wireFieldPathSegments(input)).toEqual(expected);
  });

  it.each(['', '..', 'a b', 'x/y', 'a.'.repeat(9) + 'a', '<script>'])('refuses %j', (input) => {
    expect(wireFieldPathSegments(input)).toBeNull();
  });
});
