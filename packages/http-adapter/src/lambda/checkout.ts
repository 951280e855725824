// `@biztech/payments-http/lambda/checkout`: the checkout and registration function's routes,
// alone in their module so that a bundle importing them reaches no other route.
export { checkoutRoutes } from '../http/route-families/checkout-routes.ts';
