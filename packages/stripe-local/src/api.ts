import { invalidRequest, unrecognizedUrl } from './errors.js';
import type { EventRequest } from './events.js';
import type { FormObject } from './form-encoding.js';
import { paginate, readListQuery } from './lists.js';
import { optionalString, optionalStringArray, readExpand } from './params.js';
import { chargeObject, parseCreateRefundParams, paymentIntentObject, refundObject } from './payments.js';
import { parseCreateSessionParams } from './session-params.js';
import { lineItemsList, type SessionStatus } from './sessions.js';
import type { StripeStore } from './store.js';

/** What a `/v1` route handler gets. */
export interface ApiRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Decoded body (POST) or query string (GET). */
  form: FormObject;
  store: StripeStore;
  /** Recorded on events the request causes, as Stripe's `event.request`. */
  request: EventRequest;
}

/** A handler's answer: HTTP status and the JSON body. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

type Handler = (request: ApiRequest, params: string[]) => unknown;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: Handler;
}

const SESSION_STATUSES = new Set<string>(['open', 'complete', 'expired']);

// `expand[]=data.line_items` on a list expands inside each item, as on Stripe.
function itemExpand(form: FormObject): Set<string> {
  return new Set(
    [...readExpand(form)]
      .filter((path) => path.startsWith('data.'))
      .map((path) => path.slice('data.'.length)),
  );
}

const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions$/,
    handle: ({ form, store }) => {
      const params = parseCreateSessionParams(form, store.nowSeconds());
      return store.sessionObject(store.createSession(params), params.expand);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions$/,
    handle: ({ form, store }) => {
      const status = optionalString(form.status, 'status') || null;
      if (status !== null && !SESSION_STATUSES.has(status)) {
        throw invalidRequest(`Invalid status: must be one of open, complete, or expired`, {
          param: 'status',
        });
      }
      const sessions = store.listSessions({
        paymentIntent: optionalString(form.payment_intent, 'payment_intent') || null,
        status: status as SessionStatus | null,
      });
      const page = paginate(sessions, readListQuery(form), '/v1/checkout/sessions');
      const expand = itemExpand(form);
      return { ...page, data: page.data.map((session) => store.sessionObject(session, expand)) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handle: ({ form, store }, [id]) => store.sessionObject(store.session(id ?? ''), readExpand(form)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
    handle: ({ form, store }, [id]) => {
      const session = store.session(id ?? '');
      const expandProduct = readExpand(form).has('data.price.product');
      const all = lineItemsList(session, { expandProduct });
      return paginate(all.data, readListQuery(form), all.url);
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
    handle: ({ form, store, request }, [id]) =>
      store.sessionObject(store.expireSession(id ?? '', request), readExpand(form)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events$/,
    handle: ({ form, store }) => {
      const type = optionalString(form.type, 'type') || null;
      const types = optionalStringArray(form.types, 'types') ?? [];
      const events = store.listEvents({ types: type ? [type, ...types] : types });
      return paginate(events, readListQuery(form), '/v1/events');
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events\/([^/]+)$/,
    handle: ({ store }, [id]) => store.event(id ?? ''),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/refunds$/,
    handle: ({ form, store, request }) => refundObject(store.refund(parseCreateRefundParams(form), request)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/refunds$/,
    handle: ({ form, store }) => {
      const refunds = store.listRefunds({
        charge: optionalString(form.charge, 'charge') || null,
        paymentIntent: optionalString(form.payment_intent, 'payment_intent') || null,
      });
      const page = paginate(refunds, readListQuery(form), '/v1/refunds');
      return { ...page, data: page.data.map(refundObject) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/refunds\/([^/]+)$/,
    handle: ({ store }, [id]) => refundObject(store.refundById(id ?? '')),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/charges\/([^/]+)$/,
    handle: ({ store }, [id]) => chargeObject(store.charge(id ?? '')),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents\/([^/]+)$/,
    handle: ({ store }, [id]) => paymentIntentObject(store.paymentIntent(id ?? '')),
  },
];

/**
 * Routes one `/v1` request to its handler.
 *
 * @throws StripeLocalError from the handler, or 404 for a path or method this server does not serve.
 */
export function routeApi(request: ApiRequest): ApiResponse {
  for (const route of ROUTES) {
    if (route.method !== request.method) continue;
    const match = route.pattern.exec(request.path);
    if (match) {
      let params: string[];
      try {
        params = match.slice(1).map((part) => decodeURIComponent(part));
      } catch {
        throw unrecognizedUrl(request.method, request.path);
      }
      return { status: 200, body: route.handle(request, params) };
    }
  }
  throw unrecognizedUrl(request.method, request.path);
}
