import { isSettled, parseCheckoutMetadata } from '@biztech/payments-core';
import { applyToReference } from '../flows/apply-to-reference.ts';
import { httpError, json } from '../http/json-response.ts';
import type { Route } from '../http/router.ts';

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/**
 * `GET /payments/sessions/{sessionId}`: the success page polls this. A paid session of ours is
 * fulfilled here if the webhook has not done it yet; core's `paid:<sessionId>` key and the store's
 * conditional write make the race with the webhook a single fulfilment. A session this API did not
 * create (no metadata of ours) answers `404`, like an unknown one.
 */
export const getSessionRoute: Route = {
  method: 'GET',
  pattern: '/payments/sessions/{sessionId}',
  async handle(context) {
    const sessionId = context.params.sessionId ?? '';
    if (!SESSION_ID.test(sessionId)) throw httpError('not_found', 404, 'there is no such checkout session');
    const session = await context.deps.gateway.retrieveCheckout(sessionId);
    if (session === undefined) throw httpError('not_found', 404, 'there is no such checkout session');
    const reference = parseCheckoutMetadata(session.metadata, context.config.membershipYear);
    // A session without our metadata was opened by someone else on the same Stripe account: to this
    // API it does not exist, and saying anything about it would leak another system's payments.
    if (reference === undefined) throw httpError('not_found', 404, 'there is no such checkout session');
    let fulfilled = false;
    if (isSettled(session.payment)) {
      const result = await applyToReference(context, reference, {
        type: 'PAYMENT_SUCCEEDED',
        payment: session.payment,
      });
      context.setOutcome(result.outcome);
      fulfilled = result.paidBy === session.id;
    }
    return json(200, {
      sessionId: session.id,
      status: session.status,
      paymentStatus: session.payment.paymentStatus,
      fulfilled,
    });
  },
};
