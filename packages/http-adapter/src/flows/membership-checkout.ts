import {
  applicantFromRequest,
  applyMembershipEvent,
  type CheckoutSession,
  CURRENCY,
  checkoutExpiresAt,
  checkoutIdempotencyKey,
  isLive,
  type MembershipPaymentRequest,
  membershipPriceCents,
  PaymentsError,
} from '@biztech/payments-core';
import { GatewayError, PaymentsHttpError } from '../errors.ts';
import { httpError } from '../http/json-response.ts';
import type { RedirectUrls } from '../http/redirects.ts';
import { errorFields } from '../logger.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { takeCheckoutQuota } from './checkout-quota.ts';
import { expireOrphan } from './registration-checkout.ts';
import { runEffects } from './run-effects.ts';

const alreadyMember = () => httpError('already_member', 409, 'this email already holds a membership');

/**
 * Starts (or resumes) a membership purchase and returns a live checkout:
 * `BEGIN` with the form (never the password), the identity sign-up for `UserMember` with the
 * password of this request only, then a session recorded with `OPEN_CHECKOUT`. Whether the email
 * already holds the year's membership is decided on the year's member item (core's runner reads it
 * on `BEGIN`), never on `isMember` alone.
 *
 * @throws PaymentsHttpError 409 `already_member`, 404 `user_not_found` (a `Member` purchase needs
 *   an existing user), 400 `identity_rejected`, 503 when a port fails
 */
export async function openMembershipCheckout(
  context: RouteContext,
  body: MembershipPaymentRequest,
  urls: RedirectUrls,
): Promise<CheckoutSession> {
  const { deps, config } = context;
  const key = { email: body.email, membershipYear: config.membershipYear };
  const subject = { kind: 'membership' as const, key };
  const [user, stored] = await Promise.all([
    deps.users.getUser(key.email),
    deps.memberships.loadMembership(key),
  ]);
  // The year's member item decides, not `isMember` (which is not per year): BEGIN reads it, takes a
  // member item today's system wrote as an active membership and repairs the user's flag.
  if (stored?.value === 'active') throw alreadyMember();
  if (body.paymentType === 'Member' && user === undefined) {
    throw httpError('user_not_found', 404, 'a Member purchase needs an existing user; sign up first');
  }

  const begun = await applyMembershipEvent(deps, key, {
    type: 'BEGIN',
    email: key.email,
    membershipYear: key.membershipYear,
    paymentType: body.paymentType,
    applicant: applicantFromRequest(body),
    priceCents: membershipPriceCents(body.education),
  });
  let snapshot = begun.snapshot;
  // A checkout that a member item found by BEGIN made pointless is expired (`checkout.expire`).
  await runEffects(context, subject, begun);
  if (snapshot.value === 'active') throw alreadyMember();
  if (isLive(snapshot.context.checkout, deps.clock.now())) return snapshot.context.checkout;
  if (snapshot.value === 'refunded') {
    throw httpError('not_payable', 409, 'this membership was refunded; ask BizTech to reinstate it', {
      reason: 'membership_refunded',
    });
  }
  if (snapshot.value !== 'awaitingCheckout') {
    throw new GatewayError(
      'gateway_unavailable',
      `the membership could not start (${begun.reason ?? snapshot.value})`,
    );
  }
  // Signing up is idempotent, so it runs on every attempt that gets this far, not only when the
  // machine asked (`identity.create`): a sign-up that failed last time is retried here.
  await takeCheckoutQuota(context, key.email);
  if (body.paymentType === 'UserMember') await signUp(context, body);

  const reference = {
    kind: 'membership' as const,
    email: key.email,
    membershipYear: key.membershipYear,
    paymentType: body.paymentType,
    attempt: snapshot.context.attempts + 1,
  };
  const session = await deps.gateway.createCheckout({
    reference,
    amount: snapshot.context.priceCents,
    currency: CURRENCY,
    productName: config.membershipProductName,
    imageUrl: config.membershipImageUrl,
    successUrl: urls.successUrl,
    cancelUrl: urls.cancelUrl,
    customerEmail: key.email,
    expiresAt: checkoutExpiresAt(deps.clock.now()),
    idempotencyKey: checkoutIdempotencyKey(reference),
  });
  const opened = await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session });
  await runEffects(context, subject, opened);
  snapshot = opened.snapshot;
  const current = snapshot.context.checkout;
  if (current?.id !== session.id) await expireOrphan(context, subject, session.id, opened.effects);
  if (isLive(current, deps.clock.now())) return current;
  if (snapshot.value === 'active') throw alreadyMember();
  throw new GatewayError(
    'gateway_unavailable',
    `the new checkout was not recorded (${opened.reason ?? opened.outcome})`,
  );
}

/** Creates the sign-in identity. The password goes to the identity port and nowhere else. */
async function signUp(
  context: RouteContext,
  body: Extract<MembershipPaymentRequest, { paymentType: 'UserMember' }>,
) {
  try {
    await context.deps.identity.signUp({
      email: body.email,
      password: body.password,
      fname: body.fname,
      lname: body.lname,
    });
  } catch (error) {
    if (error instanceof PaymentsHttpError) throw error;
    if (error instanceof PaymentsError && error.retryable) throw error;
    // The identity provider's message may quote its password policy; it is logged by name only.
    context.logger.warn({
      requestId: context.requestId,
      msg: 'identity sign-up refused',
      errorName: errorFields(error).errorName,
    });
    throw httpError('identity_rejected', 400, 'the sign-in account could not be created; check the password');
  }
}
