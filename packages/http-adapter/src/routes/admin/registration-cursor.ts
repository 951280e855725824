import type { EventRegistration } from '@biztech/payments-core';
import { httpError } from '../../http/json-response.ts';

/** Where a page of an event's registrations ends: the last item's creation time and email. */
export interface RegistrationPosition {
  createdAt: number;
  email: string;
}

/** Oldest first (the waitlist's order), then by email, so every position names one place. */
export function positionOf(r: EventRegistration): RegistrationPosition {
  return { createdAt: r.createdAt ?? 0, email: r.key.email };
}

/** Orders positions: creation time, then email. */
export function comparePositions(a: RegistrationPosition, b: RegistrationPosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
}

/** An opaque cursor for the position (base64url JSON). */
export function encodeCursor(position: RegistrationPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.email])).toString('base64url');
}

/** The position of a cursor this API made; anything else is `400 invalid_params`. */
export function decodeCursor(cursor: string): RegistrationPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'number' &&
      Number.isFinite(parsed[0]) &&
      typeof parsed[1] === 'string'
    ) {
      return { createdAt: parsed[0], email: parsed[1] };
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  throw httpError('invalid_params', 400, 'the cursor is not one this API gave', {
    issues: [{ path: ['cursor'], message: 'not a cursor of this list' }],
  });
}
