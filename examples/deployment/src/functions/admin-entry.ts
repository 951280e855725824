import { adminAndReadRoutes, createCognitoTokenVerifier } from '@biztech/payments-http/lambda/admin';
import { httpFunction } from '../runtime/http-function.ts';

/**
 * The admin and reads function (`/admin/*` behind the Cognito ID token guard, the personal reads,
 * `GET /health`, `GET /health/ready`, `GET /openapi.json`, `GET /docs`). The token verifier is
 * configured from the user pool (`COGNITO_USER_POOL_ID`, `COGNITO_CLIENT_ID`); Stripe is imported
 * on the first call that needs it (a refund, a reconcile pass).
 */
export const handler = httpFunction({
  routes: [adminAndReadRoutes],
  loadStripe: async () => (await import('stripe')).default,
  createTokenVerifier: createCognitoTokenVerifier,
});
