/** Schema descriptions shared by several write arguments. */
export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Key that makes retries safe (1 to 128 characters): repeat the call with the same key and ' +
  'arguments to get the original outcome instead of applying it again. Generated when ' +
  'omitted and returned in the payload.';
