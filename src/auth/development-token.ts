/**
 * The development signing key. In development mode (the embedded emulator and no AUTH_JWT_*
 * setting) a request without a token acts as the configured account, and a request with a token
 * signed by this key acts as the account the token names: that is how the playground's identity
 * menu, `mint-dev-token --development` and a frontend under development switch accounts.
 *
 * The key is public on purpose, and harmless: development mode exists only in front of the
 * embedded emulator's fake data (the configuration refuses it with a real upstream), where any
 * caller may act as any account anyway. A gateway with AUTH_JWT_* set never accepts it.
 */
export const DEVELOPMENT_TOKEN_SECRET =
  'packages-gateway development mode only: never a production secret';

/** Lifetime of the ready-made tokens the playground offers (they survive restarts: the key is fixed). */
export const DEVELOPMENT_TOKEN_TTL_SEC = 30 * 24 * 60 * 60;
