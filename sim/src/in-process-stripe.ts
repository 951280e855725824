import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createStripeGateway, type StripeGateway } from '@biztech/payments-http';
import { createStripeLocal, type StripeLocal, type StripeLocalOptions } from '@biztech/stripe-local';
import Stripe from 'stripe';

/** stripe-local, the unmodified `stripe` SDK talking to it without a socket, and the real gateway on top. */
export interface InProcessStripe {
  local: StripeLocal;
  stripe: Stripe;
  gateway: StripeGateway;
}

/**
 * A `fetch` that hands each request to stripe-local's own `node:http` request listener in this
 * process: the same wire protocol (form bodies, idempotency keys, errors) as over loopback, but no
 * socket, so a simulated schedule is not at the mercy of I/O timing and runs in microseconds.
 */
export function inProcessFetch(listener: StripeLocal['handler']): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    // `new Headers` lower-cases names, as node:http does for a request listener.
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? init.body : '';
    const request = Object.assign(Readable.from(body === '' ? [] : [Buffer.from(body)]), {
      method: init?.method ?? 'GET',
      url: `${url.pathname}${url.search}`,
      headers,
    }) as unknown as IncomingMessage;
    return new Promise<Response>((resolve) => {
      let status = 200;
      let sent: Record<string, string> = {};
      const response = {
        headersSent: false,
        writeHead(code: number, values: Record<string, string | number>) {
          status = code;
          sent = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
          response.headersSent = true;
          return response;
        },
        end(text?: string) {
          resolve(new Response(text ?? '', { status, headers: sent }));
        },
        destroy() {
          resolve(Response.error());
        },
      };
      listener(request, response as unknown as ServerResponse);
    });
  };
}

/**
 * stripe-local with no listening socket and no webhook endpoints (the simulation delivers events
 * itself, with its own faults), the `stripe` SDK on {@link inProcessFetch}, and `createStripeGateway`
 * as the composition root would build it.
 */
export function createInProcessStripe(options: StripeLocalOptions): InProcessStripe {
  const local = createStripeLocal({ sweepIntervalMs: 0, ...options });
  const stripe = new Stripe('sk_test_sim', {
    host: 'stripe-local.invalid',
    protocol: 'http',
    maxNetworkRetries: 0,
    httpClient: Stripe.createFetchHttpClient(inProcessFetch(local.handler)),
  });
  return { local, stripe, gateway: createStripeGateway(stripe) };
}
