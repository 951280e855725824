/** Who counts as an admin, from the claims of a verified ID token (CONTRACT §5). */
export interface AdminPolicy {
  /** The Cognito group whose members are admins; `admin` unless given. */
  adminGroup: string;
  /** The email domain whose (verified) addresses are admins; `ubcbiztech.com` unless given. */
  adminEmailDomain: string;
}

/** BizTech's convention: the group `admin`, or a verified address on `ubcbiztech.com`. */
export const DEFAULT_ADMIN_POLICY: AdminPolicy = { adminGroup: 'admin', adminEmailDomain: 'ubcbiztech.com' };

// One `@`, no spaces, angle brackets, quotes, parentheses or commas: a bare address, never a
// display-name form (`"x@ubcbiztech.com" <x@evil.com>`) whose domain a naive split would misread.
const BARE_ADDRESS = /^[^@\s<>"(),;:\\[\]]+@([a-z0-9-]+(\.[a-z0-9-]+)+)$/;

/**
 * The domain of a bare, lower-case email address, or `undefined` for anything else (a display
 * name, two `@`, a trailing dot). `x@ubcbiztech.com.evil.com` is on `ubcbiztech.com.evil.com`.
 */
export function emailDomainOf(email: string): string | undefined {
  return BARE_ADDRESS.exec(email)?.[1];
}

/**
 * True when the token's holder is an admin: in `policy.adminGroup`, or with `email_verified` and an
 * address whose domain is exactly `policy.adminEmailDomain` (not a subdomain, not a suffix). The
 * address must be verified because anyone can sign up with any address; only verification proves
 * they hold a mailbox on BizTech's domain.
 */
export function isAdminClaims(
  claims: { email: string; emailVerified: boolean; groups: readonly string[] },
  policy: AdminPolicy,
): boolean {
  if (claims.groups.includes(policy.adminGroup)) return true;
  return claims.emailVerified && emailDomainOf(claims.email) === policy.adminEmailDomain.toLowerCase();
}
