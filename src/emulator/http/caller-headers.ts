import type { IncomingHttpHeaders } from 'node:http';
import { applicationError, validationFailed } from '../errors';
import { isGuid } from '../ids';

/**
 * contract: headers header rules: `Authorization` must be a non-empty key (any key is accepted; 401
 * UNAUTHENTICATED otherwise); `wix-account-id` is required (400) and a GUID (400); sending
 * both `wix-account-id` and `wix-site-id` is refused (400).
 * @returns the calling account id
 */
export function requireCaller(headers: IncomingHttpHeaders): string {
  const authorization = headers.authorization;
  if (typeof authorization !== 'string' || authorization.trim() === '') {
    throw applicationError(401, 'UNAUTHENTICATED', 'missing or empty Authorization header');
  }
  const accountId = headers['wix-account-id'];
  if (typeof accountId !== 'string' || accountId.trim() === '') {
    throw validationFailed(
      [
        {
          field: 'wix-account-id',
          description: 'header is required',
          violatedRule: 'REQUIRED_FIELD',
        },
      ],
      'missing wix-account-id header',
    );
  }
  if (headers['wix-site-id'] !== undefined) {
    throw validationFailed(
      [
        {
          field: 'wix-site-id',
          description: 'send either wix-account-id or wix-site-id, not both',
          violatedRule: 'CUSTOM',
        },
      ],
      'conflicting identity headers',
    );
  }
  if (!isGuid(accountId)) {
    throw validationFailed(
      [{ field: 'wix-account-id', description: 'must be a GUID', violatedRule: 'FORMAT' }],
      'invalid wix-account-id header',
    );
  }
  return accountId;
}
