import { createStripeLocal } from '@biztech/stripe-local';

// The soak's local Stripe server, in a process of its own: stripe-local keeps every session and
// event it ever saw (it is a test double), which must not count against the payments server's heap.
const { SOAK_API_URL: apiUrl, SOAK_WEBHOOK_SECRET: secret } = process.env;
if (!apiUrl || !secret) throw new Error('SOAK_API_URL and SOAK_WEBHOOK_SECRET are required');
const local = createStripeLocal({
  webhookEndpoints: [
    { url: `${apiUrl}/payments/webhook`, secret },
    { url: `${apiUrl}/payments/cancel`, secret, types: ['checkout.session.expired'] },
  ],
});
const { url } = await local.listen(0);
process.stdout.write(`ready ${url}\n`);
process.on('SIGTERM', () => void local.close().then(() => process.exit(0)));
