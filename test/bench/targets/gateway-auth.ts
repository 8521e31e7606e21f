/**
 * How the bench authenticates to the gateway (d): with WIX_API_URL set the gateway requires a
 * JWT, so it is started with a bench-only HS256 secret and every request carries a token for
 * the benchmark account with read and write scopes. Verifying the token is part of the
 * gateway's per-request cost, as it would be in production.
 */
import { mintToken } from '../../../src/auth/mint-token';
import { SCOPE } from '../../../src/auth/scopes';
import { BENCH_ACCOUNT_ID } from '../rest-calls';

/** Only ever used against a gateway on 127.0.0.1 started by the bench. */
const BENCH_JWT_SECRET = 'packages-gateway-bench-only-hs256-secret-0123456789';

/** Environment that makes the gateway accept the bench's tokens. */
export const GATEWAY_AUTH_ENV: Readonly<Record<string, string>> = {
  AUTH_JWT_SECRET: BENCH_JWT_SECRET,
};

/** Headers carrying a fresh token valid for a day. */
export async function gatewayAuthHeaders(): Promise<Record<string, string>> {
  const token = await mintToken({
    secret: BENCH_JWT_SECRET,
    accountId: BENCH_ACCOUNT_ID,
    scopes: [SCOPE.read, SCOPE.write],
    ttlSec: 24 * 60 * 60,
  });
  return { authorization: `Bearer ${token}` };
}
