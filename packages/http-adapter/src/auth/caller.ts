/**
 * Who is calling, as a verified Cognito ID token says. Only a {@link TokenVerifier} makes one, so
 * holding a `Caller` means the signature, issuer, audience, `token_use` and expiry were checked.
 */
export interface Caller {
  /** Cognito's `sub`. */
  sub: string;
  /** The token's `email`, lower-cased. */
  email: string;
  /** `cognito:groups`, empty when absent. */
  groups: string[];
  /** In the Cognito group `admin`, or an email exactly on the admin email domain. */
  isAdmin: boolean;
}

/** Verifies a bearer token. The composition root builds one from the user pool's settings. */
export interface TokenVerifier {
  /**
   * Resolves to the caller, or rejects with {@link InvalidTokenError} for any token that does not
   * verify, or {@link TokenVerificationUnavailableError} when nothing can be verified right now.
   */
  verify(token: string): Promise<Caller>;
}

/** A token that did not verify (bad signature, wrong issuer or audience, expired, not an ID token, malformed). */
export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}

/** The user pool's keys could not be read (the pool is unreachable): no token can be checked right now. */
export class TokenVerificationUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenVerificationUnavailableError';
  }
}
