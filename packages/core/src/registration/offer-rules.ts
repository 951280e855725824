import {
  effects,
  expireCurrentCheckout,
  isUnsettled,
  mark,
  paymentOf,
  paymentRecord,
  update,
} from '../checkout/payment-rules.ts';
import { remember } from '../checkout/session-guards.ts';
import { SESSION_MEMORY, type Timed } from '../engine/types.ts';
import type { RegistrationContext, RegistrationEffect, RegistrationEvent } from './types.ts';

// The waitlist-offer and honoured-payment rules of the registration machine (CONTRACT §5): a seat
// released at a non-application event is offered to the oldest waitlisted registration, held for
// it until the offer lapses; an operator may honour a payment that arrived after the place was
// given up. Wired into `machine.ts`; typed to the registration machine's context and events.

type Args = { context: RegistrationContext; event: Timed<RegistrationEvent> };
type EventOf<T extends RegistrationEvent['type']> = Timed<Extract<RegistrationEvent, { type: T }>>;
const offerEvent = (event: Args['event']) => event as EventOf<'OFFER_SEAT'>;
const lapseEvent = (event: Args['event']) => event as EventOf<'OFFER_LAPSED'>;

/** True while the registration holds a seat offered from the waitlist (paid or not, lapsed or not). */
export const hasOpenOffer = ({ context }: Args) => (context.offer ?? null) !== null;

/** An offer whose deadline has passed (its `OFFER_LAPSED` may not have come yet): no checkout is opened for it. */
export const offerPastDeadline = ({ context, event }: Args) =>
  context.offer !== undefined && context.offer !== null && event.now >= context.offer.expiresAt;

/** `{ offer: null }` when an offer was recorded, else nothing (records that never had one stay as they were). */
export const closedOffer = (context: RegistrationContext): Partial<RegistrationContext> =>
  context.offer === undefined || context.offer === null ? {} : { offer: null };

/**
 * `OFFER_SEAT` on a waitlisted registration. Applications leave the waitlist by decision and a
 * registration whose offer lapsed is not offered again; an offer that arrives already past its
 * deadline or finds no seat changes nothing. A free event's registration takes the seat at once;
 * a paid one holds it (capacity-checked like every hold) until `expiresAt` and is told so.
 */
export function offerSeat() {
  return [
    {
      guard: ({ context }: Args) => context.isApplicationBased,
      actions: mark('rejected', 'application_based'),
    },
    { guard: ({ context }: Args) => context.offerLapsed === true, actions: mark('rejected', 'offer_lapsed') },
    {
      guard: ({ event }: Args) => event.now >= offerEvent(event).expiresAt,
      actions: mark('rejected', 'offer_expired'),
    },
    { guard: ({ event }: Args) => !offerEvent(event).seatAvailable, actions: mark('rejected', 'event_full') },
    {
      guard: ({ context }: Args) => context.priceCents <= 0,
      target: 'registered',
      actions: [
        update((): Partial<RegistrationContext> => ({ seat: 'used' })),
        effects((): RegistrationEffect[] => [
          { type: 'seat.take', enforceCapacity: true },
          {
            type: 'registration.fulfilled',
            status: 'registered',
            sessionId: null,
            amountTotal: 0,
            amountDiscount: 0,
          },
        ]),
      ],
    },
    {
      target: 'incomplete',
      actions: [
        effects(({ context, event }: Args): RegistrationEffect[] => [
          ...(context.seat === 'none' ? [{ type: 'seat.hold' as const }] : []),
          {
            type: 'registration.offered',
            offerId: offerEvent(event).offerId,
            expiresAt: offerEvent(event).expiresAt,
            priceCents: context.priceCents,
          },
        ]),
        update(
          ({ event }: Args): Partial<RegistrationContext> => ({
            seat: 'held',
            offer: { id: offerEvent(event).offerId, expiresAt: offerEvent(event).expiresAt },
          }),
        ),
      ],
    },
  ];
}

/**
 * What `incomplete` adds for offers. A second `OFFER_SEAT` while one is open is ignored (no seat is
 * offered twice). `OFFER_LAPSED` for the open, unpaid offer sends the registration back to the
 * waitlist with its seat released and `offerLapsed` set; any other offer id falls through to the
 * machine-wide `stale_offer`. A checkout opened after the deadline is refused (expired at Stripe).
 */
export function offerTransitions() {
  return {
    OFFER_SEAT: [{ guard: hasOpenOffer, actions: mark('ignored', 'offer_open') }],
    OFFER_LAPSED: [
      {
        guard: ({ context, event }: Args) =>
          context.offer?.id === lapseEvent(event).offerId && context.payment === null,
        target: 'waitlist',
        actions: [
          expireCurrentCheckout,
          effects(({ context }: Args): RegistrationEffect[] =>
            context.seat !== 'none' ? [{ type: 'seat.release' }] : [],
          ),
          update(
            (): Partial<RegistrationContext> => ({
              checkout: null,
              seat: 'none',
              offer: null,
              offerLapsed: true,
            }),
          ),
        ],
      },
    ],
  };
}

/**
 * `HONOUR_PAYMENT`: an operator accepts a payment reported as `refund_needed` (paid after the place
 * was given up) for a registration that holds no payment (`cancelled`, `waitlist`, `incomplete`).
 * The place is confirmed with that payment; a seat it did not hold is taken **without** the
 * capacity condition (the payer is not bounced; the event may be overbooked by it, which the
 * machine cannot know), marked `overbooked: true`, and the step's reason is `honoured`. Refused:
 * a registration that already holds a payment (refund the new one instead), a free event's, and a
 * payment Stripe has not settled. `applications: false` where no application waits (`incomplete`):
 * there the place is always `registered`.
 */
export function honourPayment(applications = true) {
  const honour = (status: 'registered' | 'acceptedComplete') => ({
    target: status,
    actions: [
      expireCurrentCheckout,
      effects(({ context }: Args): RegistrationEffect[] =>
        context.seat === 'none' ? [{ type: 'seat.take', enforceCapacity: false }] : [],
      ),
      update(({ context, event }: Args): Partial<RegistrationContext> => {
        const p = paymentOf(event);
        const known = context.sessions.some((s) => s.id === p.sessionId);
        return {
          ...closedOffer(context),
          checkout: null,
          seat: 'used',
          payment: paymentRecord(event),
          sessions: known
            ? context.sessions
            : remember(
                context.sessions,
                { id: p.sessionId, amount: p.amountSubtotal, currency: p.currency.toLowerCase() },
                SESSION_MEMORY,
              ),
          applicationStatus: context.isApplicationBased ? 'accepted' : context.applicationStatus,
          ...(context.seat === 'none' ? { overbooked: true } : {}),
        };
      }),
      effects(({ context }: Args): RegistrationEffect[] => [
        {
          type: 'registration.fulfilled',
          status,
          sessionId: context.payment?.sessionId ?? null,
          amountTotal: context.payment?.amountTotal ?? 0,
          amountDiscount: context.payment?.amountDiscount ?? 0,
        },
      ]),
      mark('applied', 'honoured'),
    ],
  });
  return [
    { guard: ({ context }: Args) => context.payment !== null, actions: mark('rejected', 'payment_recorded') },
    { guard: ({ context }: Args) => context.priceCents <= 0, actions: mark('rejected', 'free_event') },
    { guard: isUnsettled, actions: mark('rejected', 'awaiting_async_payment') },
    ...(applications
      ? [{ ...honour('acceptedComplete'), guard: ({ context }: Args) => context.isApplicationBased }]
      : []),
    honour('registered'),
  ];
}
