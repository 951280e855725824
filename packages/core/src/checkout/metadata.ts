import { z } from 'zod';
import { MetadataLimitError } from '../errors.ts';
import { INPUT_BOUNDS, isWellFormedText, utf8ByteLength } from '../schemas/bounds.ts';

/** Stripe's limits on `metadata`: keys per object, characters per key, characters per value. */
export const STRIPE_METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

/** Stripe's limits on identifiers we send: `client_reference_id` and the `Idempotency-Key` header. */
export const STRIPE_ID_LIMITS = { clientReferenceId: 200, idempotencyKey: 255 } as const;

/**
 * Builds a Stripe metadata object and enforces Stripe's limits up front, so a session create can
 * never fail (or silently truncate) on metadata. `undefined` values are dropped.
 *
 * @throws MetadataLimitError when a limit is broken.
 */
export function buildMetadata(
  entries: Record<string, string | number | boolean | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(entries)) {
    if (raw === undefined) continue;
    if (key.length === 0 || key.length > STRIPE_METADATA_LIMITS.maxKeyLength) {
      throw new MetadataLimitError(`metadata key "${key.slice(0, 60)}" must be 1 to 40 characters`, key);
    }
    if (key.includes('[') || key.includes(']')) {
      throw new MetadataLimitError(`metadata key "${key}" must not contain square brackets`, key);
    }
    const value = String(raw);
    if (value.length > STRIPE_METADATA_LIMITS.maxValueLength) {
      throw new MetadataLimitError(
        `metadata value of "${key}" is ${value.length} characters; the limit is 500`,
        key,
      );
    }
    out[key] = value;
  }
  if (Object.keys(out).length > STRIPE_METADATA_LIMITS.maxKeys) {
    throw new MetadataLimitError(`metadata has ${Object.keys(out).length} keys; the limit is 50`);
  }
  return out;
}

/** What a checkout session pays for: an event registration or a membership. Identifiers only. */
export type CheckoutReference =
  | { kind: 'registration'; email: string; eventID: string; year: number; attempt: number }
  | {
      kind: 'membership';
      email: string;
      membershipYear: number;
      paymentType: 'Member' | 'UserMember' | 'OAuthMember';
      attempt: number;
    };

/**
 * Metadata for a checkout session. It carries identifiers only: form data stays in our store,
 * and a password never leaves the request that carried it. `paymentType` keeps today's key so
 * dashboards and old tooling still read it.
 */
export function checkoutMetadata(ref: CheckoutReference): Record<string, string> {
  return ref.kind === 'registration'
    ? buildMetadata({
        paymentType: 'Event',
        email: ref.email,
        eventID: ref.eventID,
        year: ref.year,
        attempt: ref.attempt,
      })
    : buildMetadata({
        paymentType: ref.paymentType,
        email: ref.email,
        membershipYear: ref.membershipYear,
        attempt: ref.attempt,
      });
}

/** The readable reference of a record: `registration:<email>:<eventID>:<year>` or `membership:<email>:<year>`. */
export function readableReference(ref: CheckoutReference): string {
  return ref.kind === 'registration'
    ? `registration:${ref.email}:${ref.eventID}:${ref.year}`
    : `membership:${ref.email}:${ref.membershipYear}`;
}

/** The fixed-length form of a reference too long for Stripe: `<kind>:sha256:<64 hex digits>` (84 characters at most). */
export function digestReference(ref: CheckoutReference): string {
  return `${ref.kind}:sha256:${sha256Hex(readableReference(ref))}`;
}

/**
 * `client_reference_id` for a session: the readable reference when it fits Stripe's 200
 * characters (counted as UTF-8 bytes, to be safe), else its SHA-256 digest form. Today's ids are
 * unchanged; the digest form never contains `@`, so it cannot equal a readable one.
 */
export function clientReferenceId(ref: CheckoutReference): string {
  const readable = readableReference(ref);
  return utf8ByteLength(readable) <= STRIPE_ID_LIMITS.clientReferenceId ? readable : digestReference(ref);
}

// Bounded like the request schemas, so a signed event naming a record we could never have
// created (a 3,000-character email, a 20-digit year) is "not ours" instead of a failed key lookup.
const intString = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
const identifier = (max: number) => z.string().min(1).max(max).refine(isWellFormedText);
const eventMetadata = z.object({
  paymentType: z.literal('Event'),
  email: identifier(INPUT_BOUNDS.maxEmailLength),
  eventID: identifier(INPUT_BOUNDS.maxEventIdLength),
  year: intString,
  attempt: intString.optional(),
});
const membershipMetadata = z.object({
  paymentType: z.enum(['Member', 'UserMember', 'OAuthMember']),
  email: identifier(INPUT_BOUNDS.maxEmailLength),
  membershipYear: intString.optional(),
  attempt: intString.optional(),
});

/**
 * Reads a session's metadata back into a reference, or `undefined` when it is not one of ours.
 * Accepts today's sessions too (no `attempt`, no `membershipYear`): `defaultMembershipYear` fills
 * the latter.
 */
export function parseCheckoutMetadata(
  metadata: Record<string, string> | null | undefined,
  defaultMembershipYear: number,
): CheckoutReference | undefined {
  if (!metadata) return undefined;
  const ev = eventMetadata.safeParse(metadata);
  if (ev.success) {
    return {
      kind: 'registration',
      email: ev.data.email.toLowerCase(),
      eventID: ev.data.eventID,
      year: ev.data.year,
      attempt: ev.data.attempt ?? 0,
    };
  }
  const mem = membershipMetadata.safeParse(metadata);
  if (mem.success) {
    return {
      kind: 'membership',
      email: mem.data.email.toLowerCase(),
      paymentType: mem.data.paymentType,
      membershipYear: mem.data.membershipYear ?? defaultMembershipYear,
      attempt: mem.data.attempt ?? 0,
    };
  }
  return undefined;
}

// SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, in lower-case hex. Pure and runtime-neutral:
// core runs in browsers too, so neither `node:crypto` nor the async Web Crypto API is used.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

function sha256Hex(text: string): string {
  const data = new TextEncoder().encode(text);
  const blocks = Math.ceil((data.length + 9) / 64);
  const bytes = new Uint8Array(blocks * 64);
  bytes.set(data);
  bytes[data.length] = 0x80;
  const view = new DataView(bytes.buffer);
  const bitLength = data.length * 8;
  view.setUint32(bytes.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(bytes.length - 4, bitLength >>> 0);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block * 64 + t * 4);
    for (let t = 16; t < 64; t++) {
      const w15 = w[t - 15] as number;
      const w2 = w[t - 2] as number;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      w[t] = (w[t - 16] as number) + s0 + (w[t - 7] as number) + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    for (let t = 0; t < 64; t++) {
      const t1 =
        (hh +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          ((e & f) ^ (~e & g)) +
          (K[t] as number) +
          (w[t] as number)) >>>
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] as number) + a;
    h[1] = (h[1] as number) + b;
    h[2] = (h[2] as number) + c;
    h[3] = (h[3] as number) + d;
    h[4] = (h[4] as number) + e;
    h[5] = (h[5] as number) + f;
    h[6] = (h[6] as number) + g;
    h[7] = (h[7] as number) + hh;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}
