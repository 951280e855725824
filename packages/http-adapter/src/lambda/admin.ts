// `@biztech/payments-http/lambda/admin`: the admin and reads function's routes and the token
// verifier they need, alone in their module so that no other function's bundle reaches them.
export { createCognitoTokenVerifier } from '../auth/cognito-token-verifier.ts';
export { adminAndReadRoutes } from '../http/route-families/admin-and-read-routes.ts';
