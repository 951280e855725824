// Signing in with Cognito from the browser: `InitiateAuth` (`USER_PASSWORD_AUTH`) straight to the user
// pool's endpoint (cognito-local answers CORS for any origin, as AWS's endpoint does), and the ID
// token kept for this tab only.

/** Where to sign in, as `GET /demo/sign-in` gives it. */
export interface SignInConfig {
  endpoint: string;
  clientId: string;
}

/** A signed-in person: the ID token the API verifies, and what its claims say (for display only). */
export interface SignedIn {
  idToken: string;
  email: string;
  groups: string[];
  /** Epoch seconds of the token's `exp`. */
  expiresAt: number;
}

const KEY = 'demo.signedIn';

/** The claims of a JWT, unverified: the page shows them; only the API's verifier decides anything. */
function claimsOf(token: string): Record<string, unknown> {
  const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '='))) as Record<string, unknown>;
}

/**
 * Signs in with email and password and keeps the ID token in `sessionStorage`.
 *
 * @throws Error with Cognito's message (e.g. "Incorrect username or password.") when it refuses
 */
export async function signIn(config: SignInConfig, email: string, password: string): Promise<SignedIn> {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.clientId,
      AuthParameters: { USERNAME: email.trim().toLowerCase(), PASSWORD: password },
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: { IdToken?: string };
    ChallengeName?: string;
    message?: string;
    __type?: string;
  };
  const idToken = body.AuthenticationResult?.IdToken;
  if (!response.ok || !idToken) {
    const why =
      body.message ?? (body.ChallengeName ? `Cognito asks for ${body.ChallengeName}` : response.statusText);
    throw new Error(`Sign-in refused: ${why}`);
  }
  const claims = claimsOf(idToken);
  const signedIn: SignedIn = {
    idToken,
    email: String(claims.email ?? email).toLowerCase(),
    groups: Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [],
    expiresAt: Number(claims.exp ?? 0),
  };
  sessionStorage.setItem(KEY, JSON.stringify(signedIn));
  return signedIn;
}

/** The person signed in in this tab, unless their token has expired. */
export function currentSignIn(): SignedIn | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const signedIn = JSON.parse(raw) as SignedIn;
  if (signedIn.expiresAt * 1000 <= Date.now()) {
    signOut();
    return undefined;
  }
  return signedIn;
}

/** Forgets the token. */
export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** The header the API wants: `Authorization: Bearer <ID token>`. */
export const bearer = (signedIn: SignedIn) => ({ authorization: `Bearer ${signedIn.idToken}` });
