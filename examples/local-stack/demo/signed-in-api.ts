// The routes the page calls with the signed-in person's ID token: the admin routes of CONTRACT §5 and
// an applicant's own confirmation. The types come from the API's OpenAPI document.
import { type ApiComponents, PaymentsApiError } from '@biztech/payments-http/client';

type Schemas = ApiComponents['schemas'];
export type AdminRegistration = Schemas['AdminRegistration'];
export type AdminRegistrationPage = Schemas['AdminRegistrationPage'];
export type QueueItem = Schemas['QueueItem'];
export type ReconcileReport = Schemas['ReconcileReport'];
export type Decision = Schemas['AdminDecision']['decision'];
export type QueueAction = Schemas['QueueResolution']['action'];

/** A registration's key, as the admin routes take it in their path. */
export interface RegistrationKey {
  email: string;
  eventID: string;
  year: number;
}

/** The error an answer carries (`{ error: { code, message, reason?, issues? } }`), as the payments client reads it. */
async function failure(response: Response): Promise<PaymentsApiError> {
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; reason?: string; issues?: PaymentsApiError['issues'] };
  };
  const e = body.error ?? {};
  return new PaymentsApiError(
    response.status,
    e.code ?? `http_${response.status}`,
    e.message ?? 'request failed',
    {
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.issues ? { issues: e.issues } : {}),
    },
  );
}

/** A client of the admin routes and the token-bound confirm route, for one signed-in person. */
export function createSignedInApi(headers: { authorization: string }) {
  const enc = encodeURIComponent;
  const registration = (k: RegistrationKey, command: string) =>
    `/admin/registrations/${enc(k.email)}/${enc(k.eventID)}/${k.year}/${command}`;
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  }
  return {
    /** `GET /admin/events/{eventID}/{year}/registrations`: a page of registrations and the seat counter. */
    registrations(eventID: string, year: number, query: { status?: string; cursor?: string } = {}) {
      const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
      const qs = params.size ? `?${params}` : '';
      return call<AdminRegistrationPage>('GET', `/admin/events/${enc(eventID)}/${year}/registrations${qs}`);
    },
    decide: (k: RegistrationKey, decision: Decision) =>
      call<Schemas['AdminRegistrationStatuses']>('POST', registration(k, 'decision'), { decision }),
    checkIn: (k: RegistrationKey) => call<Schemas['AdminCheckedIn']>('POST', registration(k, 'check-in')),
    cancel: (k: RegistrationKey, refund: boolean) =>
      call<Schemas['AdminCancelled']>('POST', registration(k, 'cancel'), { refund }),
    promote: (k: RegistrationKey) =>
      call<Schemas['AdminRegistrationStatuses']>('POST', registration(k, 'promote')),
    /** `GET /admin/queue`: open items unless `status` says otherwise. */
    queue: (status: 'open' | 'resolved' = 'open', cursor?: string) =>
      call<Schemas['QueuePage']>(
        'GET',
        `/admin/queue?status=${status}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    resolve: (id: string, action: QueueAction, note: string) =>
      call<Schemas['QueueResolved']>('POST', `/admin/queue/${enc(id)}/resolve`, {
        action,
        ...(note ? { note } : {}),
      }),
    reconcile: () => call<ReconcileReport>('POST', '/admin/reconcile', {}),
    /** The applicant's own `POST /registrations/{email}/{eventID}/{year}/confirm` (free accepted applications). */
    confirm: (k: RegistrationKey) =>
      call<{ registrationStatus: string }>(
        'POST',
        `/registrations/${enc(k.email)}/${enc(k.eventID)}/${k.year}/confirm`,
      ),
  };
}

/** What {@link createSignedInApi} returns. */
export type SignedInApi = ReturnType<typeof createSignedInApi>;
