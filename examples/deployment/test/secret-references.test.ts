import { describe, expect, it, vi } from 'vitest';
import { deferredHandler } from '../src/runtime/deferred-handler.ts';
import {
  resolveSecretEnv,
  type SecretReaders,
  SecretResolutionError,
} from '../src/runtime/resolve-secret-env.ts';
import { encodeSecretSource, parseSecretSource, type SecretSource } from '../src/secret-source.ts';

const ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:biztech/payments/prod-Xy12Zq';

function fakeReaders(values: { secrets?: Record<string, string>; parameters?: Record<string, string> }) {
  const calls: string[] = [];
  const readers: SecretReaders = {
    getSecretString: async (arn) => {
      calls.push(`secret ${arn}`);
      const value = values.secrets?.[arn];
      if (value === undefined)
        throw Object.assign(new Error('Secrets Manager can’t find it'), {
          name: 'ResourceNotFoundException',
        });
      return value;
    },
    getParameter: async (name) => {
      calls.push(`parameter ${name}`);
      const value = values.parameters?.[name];
      if (value === undefined) throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
      return value;
    },
  };
  return { readers, calls };
}

describe('secret references', () => {
  it.each<[string, SecretSource]>([
    ['an SSM parameter', { ssmParameterName: '/biztech/payments/dev/STRIPE_SECRET_KEY' }],
    ['a whole secret', { secretsManagerArn: ARN }],
    ['a field of a JSON secret', { secretsManagerArn: ARN, jsonField: 'STRIPE_WEBHOOK_SECRET' }],
  ])('round-trips %s through its environment text', (_, source) => {
    expect(parseSecretSource(encodeSecretSource(source))).toEqual(source);
  });

  it('rejects text that is not a reference', () => {
    for (const text of ['sk_live_123', 'ssm:', 'secretsmanager:', 'vault:/x']) {
      expect(() => parseSecretSource(text), text).toThrow(TypeError);
    }
  });
});

describe('resolveSecretEnv', () => {
  it('replaces each *_FROM reference by its value and leaves everything else as it was', async () => {
    const { readers } = fakeReaders({
      parameters: { '/p/key': 'sk_test_abc' },
      secrets: { [ARN]: JSON.stringify({ STRIPE_WEBHOOK_SECRET: 'whsec_1,whsec_2' }) },
    });

    const env = await resolveSecretEnv(
      {
        CLIENT_URL: 'https://app.ubcbiztech.com/',
        STRIPE_SECRET_KEY_FROM: 'ssm:/p/key',
        STRIPE_WEBHOOK_SECRET_FROM: `secretsmanager:${ARN}#STRIPE_WEBHOOK_SECRET`,
      },
      readers,
    );

    expect(env).toMatchObject({
      CLIENT_URL: 'https://app.ubcbiztech.com/',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_1,whsec_2',
    });
    expect(env).not.toHaveProperty('STRIPE_CANCEL_WEBHOOK_SECRET');
  });

  it('reads a secret shared by several variables once', async () => {
    const { readers, calls } = fakeReaders({
      secrets: { [ARN]: JSON.stringify({ a: 'whsec_a', b: 'whsec_b', k: 'sk_test_k' }) },
    });

    const env = await resolveSecretEnv(
      {
        STRIPE_SECRET_KEY_FROM: `secretsmanager:${ARN}#k`,
        STRIPE_WEBHOOK_SECRET_FROM: `secretsmanager:${ARN}#a`,
        STRIPE_CANCEL_WEBHOOK_SECRET_FROM: `secretsmanager:${ARN}#b`,
      },
      readers,
    );

    expect(calls).toEqual([`secret ${ARN}`]);
    expect([env.STRIPE_SECRET_KEY, env.STRIPE_WEBHOOK_SECRET, env.STRIPE_CANCEL_WEBHOOK_SECRET]).toEqual([
      'sk_test_k',
      'whsec_a',
      'whsec_b',
    ]);
  });

  it('reads nothing when no reference is set (the local stack passes values directly)', async () => {
    const { readers, calls } = fakeReaders({});

    const env = await resolveSecretEnv({ STRIPE_SECRET_KEY: 'sk_test_local' }, readers);

    expect(calls).toEqual([]);
    expect(env.STRIPE_SECRET_KEY).toBe('sk_test_local');
  });

  it('refuses a variable given both as a value and as a reference', async () => {
    const { readers } = fakeReaders({ parameters: { '/p': 'x' } });

    await expect(
      resolveSecretEnv({ STRIPE_SECRET_KEY: 'sk_test_a', STRIPE_SECRET_KEY_FROM: 'ssm:/p' }, readers),
    ).rejects.toThrow(/both STRIPE_SECRET_KEY and STRIPE_SECRET_KEY_FROM/);
  });

  it('names the variable and the reference of a failed read, with the AWS error as cause', async () => {
    const { readers } = fakeReaders({});

    const error = await resolveSecretEnv({ STRIPE_WEBHOOK_SECRET_FROM: 'ssm:/missing' }, readers).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(SecretResolutionError);
    expect(error.variable).toBe('STRIPE_WEBHOOK_SECRET');
    expect(error.message).toContain('ssm:/missing');
    expect(error.message).toContain('ParameterNotFound');
    expect((error.cause as Error).name).toBe('ParameterNotFound');
  });

  it('never puts the secret into an error, even when it is not the JSON it should be', async () => {
    const secret = 'sk_live_really_secret_value_42';
    const { readers } = fakeReaders({ secrets: { [ARN]: secret } });

    const error = await resolveSecretEnv(
      { STRIPE_SECRET_KEY_FROM: `secretsmanager:${ARN}#key` },
      readers,
    ).catch((e) => e);

    expect(error).toBeInstanceOf(SecretResolutionError);
    expect(error.message).toMatch(/not a JSON object/);
    expect(`${error.message} ${error.stack} ${String(error.cause)}`).not.toContain('really_secret');
  });

  it('refuses a JSON secret without the named string field', async () => {
    const { readers } = fakeReaders({ secrets: { [ARN]: JSON.stringify({ other: 'x', n: 5 }) } });

    await expect(
      resolveSecretEnv({ STRIPE_SECRET_KEY_FROM: `secretsmanager:${ARN}#n` }, readers),
    ).rejects.toThrow(/no string field "n"/);
  });
});

describe('deferredHandler', () => {
  const ok = async () => new Response('{"ok":true}', { status: 200 });

  it('builds the handler on the first request and reuses it', async () => {
    const start = vi.fn(async () => ok);
    const handler = deferredHandler(start);

    await handler(new Request('https://x/health'));
    const second = await handler(new Request('https://x/health'));

    expect(second.status).toBe(200);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('answers 503 while the start fails, logs why without values, and tries again on the next request', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const start = vi
      .fn<() => Promise<typeof ok>>()
      .mockRejectedValueOnce(
        new SecretResolutionError('STRIPE_SECRET_KEY', 'could not read ssm:/p (ThrottlingException)'),
      )
      .mockResolvedValueOnce(ok);
    const handler = deferredHandler(start, (line) => lines.push(line));

    const first = await handler(new Request('https://x/payments/webhook', { method: 'POST' }));
    const second = await handler(new Request('https://x/health'));

    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(lines).toEqual([
      {
        level: 'error',
        msg: 'payments start failed',
        error: 'SecretResolutionError',
        message: 'STRIPE_SECRET_KEY: could not read ssm:/p (ThrottlingException)',
      },
    ]);
    expect(second.status).toBe(200);
    expect(start).toHaveBeenCalledTimes(2);
  });
});
