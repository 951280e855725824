import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake answered: the `X-Amz-Target` operation and its JSON input. */
export interface RecordedCall {
  target: string;
  input: Record<string, unknown>;
}

/** A loopback stand-in for Secrets Manager's and SSM's JSON APIs (`GetSecretValue`, `GetParameter`). */
export interface FakeAwsSecrets {
  endpoint: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

/**
 * Serves `GetSecretValue` from `secrets` (by ARN) and `GetParameter` from `parameters` (by name),
 * speaking the AWS JSON 1.1 protocol the SDK clients use, so the bundled function's real SDK
 * calls can be pointed here with `AWS_ENDPOINT_URL_SECRETS_MANAGER` / `AWS_ENDPOINT_URL_SSM`.
 */
export async function startFakeAwsSecrets(stores: {
  secrets: Record<string, string>;
  parameters: Record<string, string>;
}): Promise<FakeAwsSecrets> {
  const calls: RecordedCall[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const input = (body === '' ? {} : JSON.parse(body)) as Record<string, unknown>;
      calls.push({ target, input });
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': JSON_11 });
        response.end(JSON.stringify(payload));
      };
      if (target === 'secretsmanager.GetSecretValue') {
        const arn = String(input.SecretId);
        const value = stores.secrets[arn];
        if (value === undefined)
          return reply(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
        return reply(200, { ARN: arn, Name: arn.split(':').pop(), SecretString: value, VersionId: 'v1' });
      }
      if (target === 'AmazonSSM.GetParameter') {
        const name = String(input.Name);
        const value = stores.parameters[name];
        if (value === undefined)
          return reply(400, { __type: 'ParameterNotFound', message: 'no such parameter' });
        return reply(200, { Parameter: { Name: name, Type: 'SecureString', Value: value, Version: 1 } });
      }
      return reply(400, { __type: 'UnknownOperationException', message: target });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening, for endpoints the test must never reach. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
