import { type EmailSender, type EventStore, type OutboxAction, renderEmail } from '@biztech/payments-core';
import type { OutboxMailer } from '../deps.ts';

/** Input of {@link createOutboxMailer}. */
export interface OutboxMailerOptions {
  /** SES v2 (`createSesEmailSender` of `@biztech/payments-aws`), or anything that sends. */
  sender: EmailSender;
  /** For the event's name, which the recorded action does not carry (it may change before the send). */
  events: EventStore;
  /**
   * The link of a `seat_offered` email: where the recipient opens a live checkout for the held
   * seat. Given the recipient and the action's data (`eventID`, `year`, `offerId`).
   */
  offerLink?: (to: string, data: Record<string, string | number | boolean | null>) => string | undefined;
}

/**
 * Sends `email.send` outbox actions: fills in what is known only at send time (the event's name,
 * the offer's link), renders the template (`renderEmail`) and hands it to the sender. A sender
 * failure rejects, so the outbox retries the item.
 */
export function createOutboxMailer(options: OutboxMailerOptions): OutboxMailer {
  return {
    async send(action: Extract<OutboxAction, { type: 'email.send' }>) {
      const data = { ...action.data };
      if (typeof data.eventID === 'string' && typeof data.year === 'number' && data.eventName === undefined) {
        const event = await options.events.getEvent(data.eventID, data.year);
        data.eventName = event?.ename ?? data.eventID;
      }
      if (action.template === 'seat_offered' && data.link === undefined) {
        data.link = options.offerLink?.(action.to, data) ?? null;
      }
      await options.sender.send(renderEmail({ template: action.template, to: action.to, data }));
    },
  };
}
