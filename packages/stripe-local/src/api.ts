import { invalidRequest, unrecognizedUrl } from './errors.js';
import type { EventRequest } from './events.js';
import type { FormObject } from './form-encoding.js';
import { checkParams, knownParamTree, type ParamTree, paramTree } from './known-params.js';
import { LIST_PARAMS, paginate, readListQuery } from './lists.js';
import { optionalString, optionalStringArray, readExpand } from './params.js';
import {
  chargeObject,
  parseCreateRefundParams,
  paymentIntentObject,
  refundObject,
  SUPPORTED_REFUND_CREATE_PARAMS,
} from './payments.js';
import { parseCreateSessionParams, SUPPORTED_SESSION_CREATE_PARAMS } from './session-params.js';
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

/** A `/v1` route as declared below. */
export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Stripe's path, `{id}` standing for an id; with the method, the key into the known parameters. */
  path: string;
  /**
   * The parameters this server implements, as bracketed paths (`[]` a list element, `[*]` any key).
   * Each must be one Stripe knows for the route (a test checks it).
   */
  supported: readonly string[];
  handle: Handler;
}

interface CompiledRoute extends ApiRoute {
  pattern: RegExp;
  known: ParamTree;
  supportedTree: ParamTree;
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

const RETRIEVE_PARAMS = ['expand[]'] as const;

/** Every `/v1` route this server serves. */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/checkout/sessions',
    supported: SUPPORTED_SESSION_CREATE_PARAMS,
    handle: ({ form, store }) => {
      const params = parseCreateSessionParams(form, store.nowSeconds());
      return store.sessionObject(store.createSession(params), params.expand);
    },
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    supported: [...LIST_PARAMS, 'payment_intent', 'status'],
    handle: ({ form, store }) => {
      const status = optionalString(form.status, 'status') || null;
      if (status !== null && !SESSION_STATUSES.has(status)) {
        throw invalidRequest(`Invalid status: must be one of open, complete, or expired`, {
          param: 'status',
          code: 'parameter_invalid_string',
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
    path: '/v1/checkout/sessions/{id}',
    supported: RETRIEVE_PARAMS,
    handle: ({ form, store }, [id]) => store.sessionObject(store.session(id ?? ''), readExpand(form)),
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/{id}/line_items',
    supported: LIST_PARAMS.filter((param) => !param.startsWith('created')),
    handle: ({ form, store }, [id]) => {
      const session = store.session(id ?? '');
      const expandProduct = readExpand(form).has('data.price.product');
      const all = lineItemsList(session, { expandProduct });
      return paginate(all.data, readListQuery(form), all.url);
    },
  },
  {
    method: 'POST',
    path: '/v1/checkout/sessions/{id}/expire',
    supported: RETRIEVE_PARAMS,
    handle: ({ form, store, request }, [id]) =>
      store.sessionObject(store.expireSession(id ?? '', request), readExpand(form)),
  },
  {
    method: 'GET',
    path: '/v1/events',
    supported: [...LIST_PARAMS, 'type', 'types[]'],
    handle: ({ form, store }) => {
      const type = optionalString(form.type, 'type') || null;
      const types = optionalStringArray(form.types, 'types') ?? [];
      const events = store.listEvents({ types: type ? [type, ...types] : types });
      return paginate(events, readListQuery(form), '/v1/events');
    },
  },
  {
    method: 'GET',
    path: '/v1/events/{id}',
    supported: RETRIEVE_PARAMS,
    handle: ({ store }, [id]) => store.event(id ?? ''),
  },
  {
    method: 'POST',
    path: '/v1/refunds',
    supported: SUPPORTED_REFUND_CREATE_PARAMS,
    handle: ({ form, store, request }) => refundObject(store.refund(parseCreateRefundParams(form), request)),
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    supported: [...LIST_PARAMS, 'charge', 'payment_intent'],
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
    path: '/v1/refunds/{id}',
    supported: RETRIEVE_PARAMS,
    handle: ({ store }, [id]) => refundObject(store.refundById(id ?? '')),
  },
  {
    method: 'GET',
    path: '/v1/charges/{id}',
    supported: RETRIEVE_PARAMS,
    handle: ({ store }, [id]) => chargeObject(store.charge(id ?? '')),
  },
  {
    method: 'GET',
    path: '/v1/payment_intents/{id}',
    // `client_secret` matters only to publishable-key clients; accepted and ignored.
    supported: [...RETRIEVE_PARAMS, 'client_secret'],
    handle: ({ store }, [id]) => paymentIntentObject(store.paymentIntent(id ?? '')),
  },
];

function pathPattern(path: string): RegExp {
  const source = path
    .split('{id}')
    .map((part) => part.replace(/[.*+?^$()|[\]\\/]/g, '\\$&'))
    .join('([^/]+)');
  return new RegExp(`^${source}$`);
}

const ROUTES: CompiledRoute[] = API_ROUTES.map((route) => ({
  ...route,
  pattern: pathPattern(route.path),
  known: knownParamTree(`${route.method} ${route.path}`),
  supportedTree: paramTree(route.supported),
}));

/**
 * Routes one `/v1` request to its handler, after refusing parameters Stripe does not know
 * (`parameter_unknown`) and ones this server does not implement.
 *
 * @throws StripeLocalError from the checks or the handler, or 404 for a path or method this server
 *   does not serve.
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
      checkParams(request.form, route.known, route.supportedTree);
      return { status: 200, body: route.handle(request, params) };
    }
  }
  throw unrecognizedUrl(request.method, request.path);
}
