import { idempotencyConflict } from './errors.js';
import type { FormObject, FormValue } from './form-encoding.js';

/** A response remembered under an idempotency key. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Entry extends StoredResponse {
  fingerprint: string;
  storedAt: number;
}

/** Stripe's limit on the length of an `Idempotency-Key` header. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** How long Stripe keeps idempotency keys. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

function canonical(value: FormValue): unknown {
  if (typeof value === 'string' || Array.isArray(value))
    return Array.isArray(value) ? value.map(canonical) : value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key] as FormValue)]),
  );
}

/**
 * Stripe's idempotent requests: the first successful response to a key is replayed for every later
 * request with the same key and parameters; the same key with other parameters (or on another
 * endpoint) is an `idempotency_error`.
 *
 * Like Stripe, only requests that got past validation are remembered (here: successful ones), so a
 * client can fix a bad request and retry it under the same key. Keys are scoped to the API key.
 */
export class IdempotencyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: () => number;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /**
   * The remembered response for a request, if any.
   *
   * @throws StripeLocalError (400 `idempotency_error`) when the key was used for a different request.
   */
  lookup(scope: string, key: string, endpoint: string, params: FormObject): StoredResponse | undefined {
    this.#prune();
    const entry = this.#entries.get(`${scope}\n${key}`);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint(endpoint, params)) throw idempotencyConflict(key);
    return { status: entry.status, body: entry.body };
  }

  /** Remembers a response. The body is copied so later changes to live objects do not alter the replay. */
  store(scope: string, key: string, endpoint: string, params: FormObject, response: StoredResponse): void {
    this.#entries.set(`${scope}\n${key}`, {
      fingerprint: fingerprint(endpoint, params),
      status: response.status,
      body: structuredClone(response.body),
      storedAt: this.#clock(),
    });
  }

  #prune(): void {
    const cutoff = this.#clock() - IDEMPOTENCY_KEY_TTL_MS;
    for (const [key, entry] of this.#entries) {
      if (entry.storedAt < cutoff) this.#entries.delete(key);
    }
  }
}

// Parameter order on the wire does not matter to Stripe, so compare a key-sorted form.
function fingerprint(endpoint: string, params: FormObject): string {
  return `${endpoint}\n${JSON.stringify(canonical(params))}`;
}
