import { createMemoryStores } from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '../../src/index.ts';
import { captureLogger } from './capture-logger.ts';
import { fakeGateway } from './fake-gateway.ts';
import { sharedPoolVerifier } from './id-tokens.ts';

/** A handler configuration for tests that need no real redirect origins or secrets. */
export const memoryConfig = {
  allowedRedirectOrigins: ['https://app.example'],
  clientUrl: 'https://app.example/',
  webhookSecrets: ['whsec_x'],
  cancelWebhookSecrets: ['whsec_y'],
  membershipYear: 2026,
};

/** Handler deps on the in-memory stores with one paid event (`gala` 2026) and a fake gateway. */
export function memoryDeps(overrides: Partial<PaymentsHandlerDeps> = {}) {
  const stores = createMemoryStores();
  stores.seedEvent({
    id: 'gala',
    year: 2026,
    ename: 'Gala',
    isApplicationBased: false,
    pricing: { nonMembers: 25 },
  });
  const logs = captureLogger();
  const deps: PaymentsHandlerDeps = {
    ...stores,
    gateway: fakeGateway(),
    identity: { signUp: async () => ({ created: true }) },
    clock: { now: () => Date.now() },
    ids: { profileId: () => 'CalmOwlsRead' },
    logger: logs.logger,
    tokens: sharedPoolVerifier(),
    ...overrides,
  };
  return { stores, deps, logs };
}

/** A JSON POST to the handler, asking for the object answer of `POST /payments` as the typed client does. */
export const post = (path: string, body: unknown) =>
  new Request(`https://api.example${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', prefer: 'return=representation' },
    body: JSON.stringify(body),
  });
