// `@biztech/payments-http/lambda/webhooks`: the webhooks function's routes, alone in their module
// so that a bundle importing them reaches no other route (see `createPaymentsFunction`).
export { webhookRoutes } from '../http/route-families/webhook-routes.ts';
