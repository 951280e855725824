import type { PaymentRequest, RegistrationRequest } from '@biztech/payments-core';

/** `POST /registrations` body: today's frontend body (`regForPaid`, `regForPaidApp`, `regForFree`). */
export type RegisterBody = Omit<RegistrationRequest, 'year'> & {
  year: number | string;
  [extra: string]: unknown;
};

/** `POST /payments` body: `Event`, `Member`, `UserMember` or `OAuthMember`, extra frontend fields allowed. */
export type PayBody = (Omit<PaymentRequest, 'year' | 'topics'> & {
  year?: number | string;
  topics?: string | string[];
}) & { [extra: string]: unknown };

/** A registration's statuses, as stored and as `GET /registrations/...` answers them. */
export interface RegistrationView {
  registrationStatus: string;
  applicationStatus?: string;
  /** Only while a checkout session is live. */
  checkoutUrl?: string;
}

/** What `POST /registrations` answers: the new statuses (201) or a live checkout to resume (200). */
export type RegisterResult = { registrationStatus: string; applicationStatus?: string } | { url: string };

/** A checkout to redirect the browser to. `expiresAt` is epoch seconds (absent from bare-string servers). */
export interface CheckoutView {
  url: string;
  sessionId?: string;
  expiresAt?: number;
}

/** `GET /memberships/{email}`. */
export interface MembershipView {
  isMember: boolean;
  state: string;
  profileID?: string;
}

/** `GET /payments/sessions/{sessionId}`. */
export interface SessionView {
  sessionId: string;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  fulfilled: boolean;
}
