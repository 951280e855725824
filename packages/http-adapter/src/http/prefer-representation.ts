import type { Context } from 'hono';
import type { PaymentsEnv } from './payments-env.ts';

/**
 * True when a `Prefer` header (RFC 7240) asks for `return=representation`: preferences are
 * comma-separated, each `token[=value]` with optional `;` parameters, tokens case-insensitive.
 */
export function prefersRepresentation(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((preference) => {
    const [pair = ''] = preference.split(';');
    const [token = '', value = ''] = pair.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    return token.toLowerCase() === 'return' && value.toLowerCase() === 'representation';
  });
}

/**
 * How this `POST /payments` answers, by the server's `paymentResponse` setting and, when it
 * negotiates (the default), the request's `Prefer`: today's bare URL string unless
 * `return=representation` is asked for. The headers to answer with say so (`Vary: Prefer`,
 * `Preference-Applied`).
 */
export function paymentAnswerStyle(c: Context<PaymentsEnv>): {
  style: 'object' | 'bare-string';
  headers: Record<string, string>;
} {
  const configured = c.var.config.paymentResponse;
  if (configured !== 'negotiate') return { style: configured, headers: {} };
  return prefersRepresentation(c.req.header('prefer'))
    ? { style: 'object', headers: { vary: 'Prefer', 'preference-applied': 'return=representation' } }
    : { style: 'bare-string', headers: { vary: 'Prefer' } };
}
