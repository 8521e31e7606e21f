import { createRedactor, redactDeep, REDACTED } from '../../../src/wix/secret-redaction';
import { toHttpError } from '../../../src/wix/upstream-response';

const KEY = 'IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0/x"y';

describe('createRedactor', () => {
  const { redact, carriedBy } = createRedactor([KEY]);

  it('replaces every occurrence of the key', () => {
    expect(redact(`a ${KEY} b ${KEY}`)).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact('nothing here')).toBe('nothing here');
  });

  it('finds the key in JSON text, as written or escaped', () => {
    expect(carriedBy(JSON.stringify({ echoed: KEY }))).toBe(true);
    expect(carriedBy(JSON.stringify({ echoed: 'other' }))).toBe(false);
  });

  it('ignores secrets too short to redact without corrupting data', () => {
    expect(createRedactor(['k']).redact('package')).toBe('package');
    expect(createRedactor(['']).carriedBy('{}')).toBe(false);
  });

  it('redacts string values of parsed JSON, keeping its structure', () => {
    expect(redactDeep({ a: [KEY, 1, { b: `x${KEY}` }], c: null }, redact)).toEqual({
      a: [REDACTED, 1, { b: `x${REDACTED}` }],
      c: null,
    });
  });
});

describe('toHttpError', () => {
  it('redacts every string it takes from an echoing upstream answer', () => {
    const { redact } = createRedactor([KEY]);
    const body = JSON.stringify({
      message: `auth ${KEY}`,
      details: {
        applicationError: { code: KEY },
        validationError: {
          fieldViolations: [
            {
              field: KEY,
              description: `Authorization: ${KEY}`,
              violatedRule: KEY,
              ruleName: KEY,
              data: { echoed: [KEY] },
            },
          ],
        },
      },
    });

    const error = toHttpError('getPackage', 400, { 'x-request-id': KEY }, body, 0, redact);

    expect(error.upstreamMessage).toBe(`auth ${REDACTED}`);
    expect(error.applicationCode).toBe(REDACTED);
    expect(error.message).not.toContain(KEY);
    expect(error.requestId).toBe(REDACTED);
    expect(error.fieldViolations[0]).toEqual({
      field: REDACTED,
      description: `Authorization: ${REDACTED}`,
      violatedRule: REDACTED,
      ruleName: REDACTED,
      data: { echoed: [REDACTED] },
    });
  });
});
