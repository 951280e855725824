import {
  eventPaymentBody,
  membershipBody,
  registrationBody,
} from '../../../packages/http-adapter/test/support/fixtures.ts';

/** Counts of one sampling window. */
export interface TrafficWindow {
  requests: number;
  /** 5xx answers and requests that got no answer at all. */
  errors: number;
  latenciesMs: number[];
  paid: number;
}

/** Where the traffic goes and the event it registers for. */
export interface TrafficTarget {
  apiUrl: string;
  stripeUrl: string;
  event: { id: string; year: number };
}

const newWindow = (): TrafficWindow => ({ requests: 0, errors: 0, latenciesMs: [], paid: 0 });

/**
 * Mixed traffic, as the frontend and Stripe's hosted page would send it: registrations paid on the
 * hosted page (then the success page polled), memberships bought (new accounts and existing
 * sign-ins), abandoned checkouts, status reads, the health checks and the API document, and bad
 * input. Each virtual user pauses `pauseMs` between journeys so a shared machine keeps a core free.
 */
export function startTraffic(target: TrafficTarget, options: { users: number; pauseMs: number }) {
  let window = newWindow();
  let running = true;
  let n = 0;
  const unique = (label: string) => `${label}${++n}-${process.pid}@ubc.ca`;
  const registered: string[] = [];

  async function send(
    url: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: { sessionId?: string } | undefined }> {
    const started = performance.now();
    window.requests += 1;
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      window.latenciesMs.push(performance.now() - started);
      if (response.status >= 500) window.errors += 1;
      return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : undefined };
    } catch {
      window.errors += 1;
      return { status: 0, body: undefined };
    }
  }
  const post = (path: string, body: unknown) =>
    send(`${target.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const pay = async (sessionId: string | undefined) => {
    if (typeof sessionId !== 'string') return;
    const paid = await send(`${target.stripeUrl}/checkout/${sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    if (paid.status === 200) window.paid += 1;
    await send(`${target.apiUrl}/payments/sessions/${sessionId}`);
  };

  const journeys: Array<[number, () => Promise<void>]> = [
    [
      40,
      async () => {
        const email = unique('soak');
        await post('/registrations', registrationBody(email, target.event));
        const checkout = await post('/payments', eventPaymentBody(email, target.event));
        await pay(checkout.body?.sessionId);
        if (registered.length < 1000) registered.push(email);
      },
    ],
    [
      20,
      async () => {
        const kind = n % 2 === 0 ? 'UserMember' : 'OAuthMember';
        const extra = kind === 'UserMember' ? { password: `Soak-Pa55-${n}!` } : {};
        const checkout = await post('/payments', membershipBody(unique('member'), kind, extra));
        await pay(checkout.body?.sessionId);
      },
    ],
    [
      15,
      async () => {
        const email = unique('abandon');
        await post('/registrations', registrationBody(email, target.event));
        await post('/payments', eventPaymentBody(email, target.event));
      },
    ],
    [
      15,
      async () => {
        const email = registered[n % Math.max(1, registered.length)] ?? 'nobody@ubc.ca';
        await send(
          `${target.apiUrl}/registrations/${encodeURIComponent(email)}/${target.event.id}/${target.event.year}`,
        );
        await send(`${target.apiUrl}/health`);
        await send(`${target.apiUrl}/health/ready`);
        if (n % 10 === 0) await send(`${target.apiUrl}/openapi.json`);
      },
    ],
    [
      10,
      async () => {
        await post('/registrations', '{"email": 12, "eventID": ');
        await post('/payments', { paymentType: 'Event', email: 'not-an-email' });
      },
    ],
  ];
  const total = journeys.reduce((sum, [w]) => sum + w, 0);
  const pick = () => {
    let draw = Math.random() * total;
    for (const [weight, journey] of journeys) {
      draw -= weight;
      if (draw < 0) return journey;
    }
    return journeys[0]?.[1] as () => Promise<void>;
  };

  const users = Array.from({ length: options.users }, async () => {
    while (running) {
      await pick()();
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  });
  return {
    /** The counts since the last call, starting a new window. */
    takeWindow(): TrafficWindow {
      const taken = window;
      window = newWindow();
      return taken;
    },
    async stop() {
      running = false;
      await Promise.all(users);
    },
  };
}
