// The signed-in person's own status: their registration for each event and their membership, read
// with their ID token, and a Confirm button for a free accepted application (`acceptedPending`).
import { createPaymentsClient } from '@biztech/payments-http/client';
import { $, actionButton, el } from './dom.ts';
import { bearer, type SignedIn } from './sign-in.ts';
import type { SignedInApi } from './signed-in-api.ts';

/** An event whose status is shown (from `GET /demo/events`). */
export interface StatusEvent {
  id: string;
  year: number;
  ename: string;
}

/** What the view needs. */
export interface MyStatusDeps {
  signedIn: SignedIn;
  api: SignedInApi;
  events: StatusEvent[];
  report(text: string, isError?: boolean): void;
  explain(error: unknown): string;
}

/** Fills `#my-status` for the signed-in person; returns a function that reads it again. */
export function startMyStatus(deps: MyStatusDeps): () => Promise<void> {
  const client = createPaymentsClient({ baseUrl: window.location.origin, headers: bearer(deps.signedIn) });
  const email = deps.signedIn.email;

  async function row(event: StatusEvent): Promise<HTMLTableRowElement> {
    const registration = await client.getRegistration(email, event.id, event.year);
    const tr = el('tr', '', { 'data-event': event.id });
    const status = registration
      ? `${registration.registrationStatus}${registration.applicationStatus ? ` (application ${registration.applicationStatus})` : ''}`
      : 'not registered';
    const actions = el('td');
    if (registration?.registrationStatus === 'acceptedPending') {
      actions.append(
        actionButton('Confirm my place', async () => {
          try {
            const answer = await deps.api.confirm({ email, eventID: event.id, year: event.year });
            deps.report(
              answer.registrationStatus === 'waitlist'
                ? `${event.ename}: the event filled up, you are on the waitlist.`
                : `${event.ename}: confirmed (${answer.registrationStatus}).`,
            );
          } catch (error) {
            deps.report(`Confirmation refused: ${deps.explain(error)}`, true);
          }
          await refresh();
        }),
      );
    }
    tr.append(el('td', event.ename), el('td', status, { class: 'status' }), actions);
    return tr;
  }

  async function refresh() {
    try {
      const [rows, membership] = await Promise.all([
        Promise.all(deps.events.map(row)),
        client.getMembership(email),
      ]);
      ($('my-registrations').querySelector('tbody') as HTMLElement).replaceChildren(...rows);
      $('my-membership').textContent = membership
        ? `Membership: ${membership.isMember ? 'member' : 'not a member'} (${membership.state})`
        : 'Membership: not a member';
    } catch (error) {
      deps.report(deps.explain(error), true);
    }
  }
  $('my-status-refresh').onclick = () => void refresh();
  return refresh;
}
