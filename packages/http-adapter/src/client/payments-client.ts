import { PaymentsApiError } from './api-error.ts';
import type {
  CheckoutView,
  ErrorAnswer,
  MembershipView,
  PayBody,
  PaymentAnswer,
  RegisterBody,
  RegisterResult,
  RegistrationView,
  SessionView,
} from './api-types.ts';

/** Options of {@link createPaymentsClient}. */
export interface PaymentsClientOptions {
  /** The API's base URL, e.g. `https://api.ubcbiztech.com` (a trailing slash is fine). */
  baseUrl: string;
  /** A `fetch` to use; the global one unless given. */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * The signed-in person's Cognito ID token, asked for before each request and sent as
   * `Authorization: Bearer`: the personal reads and the confirmation need it; the open routes
   * take it when there is one (it must then be the body's email's).
   */
  idToken?: () => string | undefined | Promise<string | undefined>;
}

/** A typed client of the payments API. Browser-safe: it uses only `fetch`. */
export interface PaymentsClient {
  /** `POST /registrations` with today's frontend body. */
  register(body: RegisterBody): Promise<RegisterResult>;
  /** `POST /payments`: a checkout to redirect to (bare-string servers are understood too). */
  pay(body: PayBody): Promise<CheckoutView>;
  /** A live checkout for an existing registration: the one it has, or a new one (`POST /payments`, `Event`). */
  resume(input: {
    email: string;
    eventID: string;
    year: number;
    success_url?: string;
    cancel_url?: string;
  }): Promise<CheckoutView>;
  /** `GET /registrations/{email}/{eventID}/{year}`; `undefined` when there is none. */
  getRegistration(email: string, eventID: string, year: number): Promise<RegistrationView | undefined>;
  /** `GET /memberships/{email}`; `undefined` for an unknown email. */
  getMembership(email: string): Promise<MembershipView | undefined>;
  /** `GET /payments/sessions/{sessionId}`; `undefined` for an unknown session. */
  getSession(sessionId: string): Promise<SessionView | undefined>;
}

async function failure(response: Response): Promise<PaymentsApiError> {
  // A proxy or gateway may answer in its own shape: every field is checked before it is used.
  let body: { error?: Partial<Record<keyof ErrorAnswer['error'], unknown>> } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const e = body.error ?? {};
  return new PaymentsApiError(
    response.status,
    typeof e.code === 'string' ? e.code : `http_${response.status}`,
    typeof e.message === 'string' ? e.message : response.statusText || 'request failed',
    {
      ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
      ...(Array.isArray(e.issues) ? { issues: e.issues as PaymentsApiError['issues'] } : {}),
    },
  );
}

/**
 * Creates a typed client of the payments API. Errors are thrown as `PaymentsApiError`; the GET
 * methods answer `undefined` for a 404.
 *
 * @example
 * ```ts
 * import { createPaymentsClient } from '@biztech/payments-http/client';
 * const api = createPaymentsClient({ baseUrl: 'https://api.ubcbiztech.com' });
 * const { url } = await api.pay({ paymentType: 'Event', email, eventID: 'blueprint', year: 2026 });
 * window.location.assign(url);
 * ```
 */
export function createPaymentsClient(options: PaymentsClientOptions): PaymentsClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const path = (...parts: (string | number)[]) => parts.map((p) => encodeURIComponent(String(p))).join('/');

  async function call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Response> {
    const token = await options.idToken?.();
    return doFetch(`${base}${route}`, {
      method,
      headers: {
        accept: 'application/json',
        // The object answer of `POST /payments` (today's default is the bare URL string).
        prefer: 'return=representation',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  async function post<T>(route: string, body: unknown): Promise<T> {
    const response = await call('POST', route, body);
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  }
  async function get<T>(route: string): Promise<T | undefined> {
    const response = await call('GET', route);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  }
  async function pay(body: PayBody): Promise<CheckoutView> {
    const answer = await post<PaymentAnswer>('/payments', body);
    return typeof answer === 'string' ? { url: answer } : answer;
  }

  return {
    register: (body) => post<RegisterResult>('/registrations', body),
    pay,
    resume: (input) => pay({ paymentType: 'Event', ...input }),
    getRegistration: (email, eventID, year) =>
      get<RegistrationView>(`/registrations/${path(email.toLowerCase(), eventID, year)}`),
    getMembership: (email) => get<MembershipView>(`/memberships/${path(email.toLowerCase())}`),
    getSession: (sessionId) => get<SessionView>(`/payments/sessions/${path(sessionId)}`),
  };
}
