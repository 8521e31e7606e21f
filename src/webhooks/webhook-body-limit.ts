/**
 * The largest webhook body the receiver reads: large enough for a package of 1000 instances,
 * JSON-encoded twice and base64url-encoded in the token (about 1.5 MB); small enough that a
 * flood costs bounded memory. Its own module so that the configuration can check the shared
 * body budget against it without loading the receiver.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
