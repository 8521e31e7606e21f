/** The contract between the HTTP edge and whatever establishes the caller. */
import type { Caller } from './caller';

export interface Authenticator {
  /** `jwt` verifies bearer tokens; `development` returns a fixed caller (emulator mode only). */
  readonly mode: 'jwt' | 'development';
  /**
   * Resolves the caller for an `Authorization` header value, or rejects with
   * `AuthenticationError` (never any other error for a bad credential).
   */
  authenticate(authorizationHeader: string | undefined): Promise<Caller>;
}
