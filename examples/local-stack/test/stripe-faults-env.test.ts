import { describe, expect, test } from 'vitest';
import { stripeFaultsFromEnv } from '../src/local-stack.ts';

describe('STRIPE_LOCAL_* fault knobs from the environment', () => {
  test('unset or blank knobs are off; set ones are passed through', () => {
    expect(stripeFaultsFromEnv({})).toEqual({});
    expect(stripeFaultsFromEnv({ STRIPE_LOCAL_WEBHOOK_DROP: ' ' })).toEqual({});
    expect(
      stripeFaultsFromEnv({
        STRIPE_LOCAL_WEBHOOK_DROP: '1',
        STRIPE_LOCAL_WEBHOOK_DUPLICATE: '0.3',
        STRIPE_LOCAL_WEBHOOK_DELAY_MS: '3000',
        STRIPE_LOCAL_API_FAIL: '0.2',
      }),
    ).toEqual({ webhookDrop: 1, webhookDuplicate: 0.3, webhookDelayMs: 3000, apiFail: 0.2 });
  });

  test.each([
    [
      'STRIPE_LOCAL_WEBHOOK_DROP',
      '1.2',
      /STRIPE_LOCAL_WEBHOOK_DROP must be a probability from 0 to 1, got "1.2"/,
    ],
    ['STRIPE_LOCAL_API_FAIL', 'often', /STRIPE_LOCAL_API_FAIL must be a probability/],
    ['STRIPE_LOCAL_WEBHOOK_DUPLICATE', '-0.1', /STRIPE_LOCAL_WEBHOOK_DUPLICATE must be a probability/],
    ['STRIPE_LOCAL_WEBHOOK_DELAY_MS', '2.5', /STRIPE_LOCAL_WEBHOOK_DELAY_MS must be a whole number/],
    ['STRIPE_LOCAL_WEBHOOK_DELAY_MS', '-1', /STRIPE_LOCAL_WEBHOOK_DELAY_MS must be a whole number/],
  ])('%s=%s stops the start with a message naming the variable', (name, value, message) => {
    expect(() => stripeFaultsFromEnv({ [name]: value })).toThrow(message);
  });
});
