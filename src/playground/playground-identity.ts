/**
 * What the playground page says and offers about who the caller is. Decided once at start from
 * the configuration (see `playgroundIdentityOf` in src/development/demo-identities.ts), rendered
 * into the page, and never read from a request.
 */

/** A demo account the page can act as, with the ready-made token it sends for it. */
export interface PlaygroundIdentity {
  readonly name: string;
  readonly accountId: string;
  /** Bearer token for the account; absent for the development default (no token needed). */
  readonly token?: string;
}

export type PlaygroundIdentityMode =
  | {
      /** Development mode: no token acts as `defaultAccount`; the identities carry tokens. */
      readonly kind: 'development';
      readonly defaultAccount: { readonly name: string; readonly accountId: string };
      readonly identities: readonly PlaygroundIdentity[];
    }
  | {
      /** Authentication is on; `identities` are ready tokens when the gateway can mint them. */
      readonly kind: 'token-required';
      readonly identities: readonly PlaygroundIdentity[];
    };
