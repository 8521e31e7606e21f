/**
 * The demo accounts as identities a developer can act as: named after the embedded emulator's
 * fixture accounts (present in every seed), each with a ready-made token. Offered only in front
 * of the embedded emulator and never in production, where the accounts are fake and the
 * signing key is either the public development key or the operator's own development secret.
 */
import { DEVELOPMENT_TOKEN_SECRET, DEVELOPMENT_TOKEN_TTL_SEC } from '../auth/development-token';
import { mintToken } from '../auth/mint-token';
import { SCOPE } from '../auth/scopes';
import type { Config } from '../config/config';
import { FIXTURE_ACCOUNTS } from '../emulator/fixtures/accounts';
import type { PlaygroundIdentity, PlaygroundIdentityMode } from '../playground/playground-identity';

/** The demo account's name ("Customer A") for an id, when the id is one of them. */
export function demoAccountName(accountId: string): string | undefined {
  const id = accountId.toLowerCase();
  return FIXTURE_ACCOUNTS.find((account) => account.id === id)?.name;
}

/** "Customer A (1b2c…)" for a demo account, the bare id otherwise. */
export function describeAccount(accountId: string): string {
  const name = demoAccountName(accountId);
  return name === undefined ? `account ${accountId}` : `${name} (${accountId})`;
}

async function mintIdentities(
  secret: string,
  claims: { issuer?: string; audience?: string },
): Promise<PlaygroundIdentity[]> {
  return Promise.all(
    FIXTURE_ACCOUNTS.map(async (account) => ({
      name: account.name ?? account.id,
      accountId: account.id,
      token: await mintToken({
        secret,
        accountId: account.id,
        scopes: [SCOPE.read, SCOPE.write],
        ttlSec: DEVELOPMENT_TOKEN_TTL_SEC,
        subject: 'playground',
        ...claims,
      }),
    })),
  );
}

/**
 * What the playground offers: in development mode the default account plus a token per demo
 * account (development key); with an HS256 secret in front of the embedded emulator outside
 * production, tokens signed with that secret; otherwise only the statement that a token is needed.
 */
export async function playgroundIdentityOf(config: Config): Promise<PlaygroundIdentityMode> {
  const auth = config.auth;
  if (auth.kind === 'development') {
    return {
      kind: 'development',
      defaultAccount: {
        name: demoAccountName(config.defaultAccountId) ?? 'WIX_ACCOUNT_ID',
        accountId: config.defaultAccountId.toLowerCase(),
      },
      identities: await mintIdentities(DEVELOPMENT_TOKEN_SECRET, {}),
    };
  }
  const canMint =
    auth.key.kind === 'hmac' &&
    config.nodeEnv !== 'production' &&
    config.upstream.kind === 'embedded-emulator';
  return {
    kind: 'token-required',
    identities: canMint
      ? await mintIdentities(auth.key.kind === 'hmac' ? auth.key.secret : '', {
          ...(auth.issuer === undefined ? {} : { issuer: auth.issuer }),
          ...(auth.audience === undefined ? {} : { audience: auth.audience }),
        })
      : [],
  };
}
