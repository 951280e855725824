import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { resolveTables } from '@biztech/payments-aws';
import {
  applyRegistrationEvent,
  type Clock,
  type EventStore,
  type RegistrationStore,
  type UserStore,
} from '@biztech/payments-core';
import type { DemoAssets } from './demo-bundle.ts';
import { DEMO_EVENTS, eventImageSvg } from './demo-data.ts';

/** What the demo routes need. */
export interface DemoRouteDeps {
  assets: DemoAssets;
  doc: DynamoDBDocumentClient;
  tableSuffix: string;
  stores: { registrations: RegistrationStore; events: EventStore; users: UserStore };
  clock: Clock;
  /** Shown on the page so a person knows where the parts run. */
  info: Record<string, string>;
  /** One reconciliation pass, for `POST /demo/reconcile` (what `npm run reconcile` calls). */
  reconcile: () => Promise<unknown>;
  /** Where the page signs people in (`InitiateAuth`, `USER_PASSWORD_AUTH`); undefined when there is no pool. */
  signIn: { endpoint: string; clientId: string } | undefined;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

// Paths of the single-page demo: the page itself and where today's frontend sends success/cancel redirects.
const PAGE_PATHS = [/^\/$/, /^\/event\//, /^\/membership\/?$/, /^\/success\/?$/];

/**
 * Demo-only routes of the local stack (never part of the payments API): the page and its assets,
 * the event list (the payments API has no event listing), and an admin decision on applications,
 * so a person can click through an application-based registration. `undefined` means "not mine".
 */
export function createDemoRoutes(deps: DemoRouteDeps): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === 'GET' && PAGE_PATHS.some((p) => p.test(path))) {
      return new Response(deps.assets.html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    if (request.method === 'GET' && path === '/demo/app.js') {
      return new Response(deps.assets.js, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    }
    if (request.method === 'GET' && path === '/demo/styles.css') {
      return new Response(deps.assets.css, { headers: { 'content-type': 'text/css; charset=utf-8' } });
    }
    if (request.method === 'GET' && path === '/demo/events') {
      const tables = resolveTables({ tableSuffix: deps.tableSuffix });
      const out = await deps.doc.send(new ScanCommand({ TableName: tables.events }));
      const events = (out.Items ?? []).sort((a, b) => String(a.ename).localeCompare(String(b.ename)));
      const withSeats = await Promise.all(
        events.map(async (e) => ({
          ...e,
          seatsTaken: await deps.stores.events.seatsTaken(String(e.id), Number(e.year)),
        })),
      );
      return json(200, withSeats);
    }
    if (request.method === 'GET' && path === '/demo/info') return json(200, deps.info);
    // The app client id is public (every Cognito web client ships it); no secret is given out here.
    if (request.method === 'GET' && path === '/demo/sign-in') return json(200, deps.signIn ?? null);
    if (request.method === 'POST' && path === '/demo/reconcile') return json(200, await deps.reconcile());
    const image = request.method === 'GET' ? path.match(/^\/demo\/images\/([a-z0-9-]+)\.svg$/) : null;
    const event = image ? DEMO_EVENTS.find((e) => e.id === image[1]) : undefined;
    if (event) return new Response(eventImageSvg(event), { headers: { 'content-type': 'image/svg+xml' } });
    if (request.method === 'POST' && path === '/demo/admin/decide') {
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
      const decision = body.decision;
      if (
        typeof body.email !== 'string' ||
        typeof body.eventID !== 'string' ||
        typeof body.year !== 'number' ||
        (decision !== 'accepted' && decision !== 'rejected' && decision !== 'waitlist')
      ) {
        return json(400, {
          error: { code: 'invalid_body', message: 'email, eventID, year and decision are required' },
        });
      }
      const key = { email: body.email.toLowerCase(), eventID: body.eventID, year: body.year };
      const result = await applyRegistrationEvent({ ...deps.stores, clock: deps.clock }, key, {
        type: 'DECIDE',
        decision,
      });
      return json(200, { outcome: result.outcome, reason: result.reason, state: result.snapshot.value });
    }
    return undefined;
  };
}
