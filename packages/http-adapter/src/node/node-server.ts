import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import type { PaymentsHandler } from '../handler.ts';

/** Options of {@link createServer}. */
export interface NodeServerOptions {
  /** Largest request body read into memory, in bytes; 1 MiB unless given. The handler's own limits are lower. */
  maxBodyBytes?: number;
}

/** Options of {@link listen}. */
export interface ListenOptions extends NodeServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** `127.0.0.1` unless given: the API is meant to sit behind a proxy or be used locally. */
  host?: string;
}

/** A listening server. */
export interface RunningServer {
  server: Server;
  /** e.g. `http://127.0.0.1:4000` */
  url: string;
  port: number;
  /** Stops accepting connections, ends idle keep-alive ones, and resolves when closed. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * A native `Request` of `@hono/node-server`'s lightweight one. Without its global override (which we
 * leave off: it would replace `Request` for the whole process), Node's `new Request(lightweight, init)`
 * cannot copy it, and Hono's body limit and our JSON reading both do that.
 */
function nativeRequest(request: Request): Request {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const init = { method: request.method, headers: request.headers, signal: request.signal };
  return new Request(
    request.url,
    hasBody ? ({ ...init, body: request.body, duplex: 'half' } as RequestInit) : init,
  );
}

/**
 * A `node:http` server running the web-standard handler through `@hono/node-server`. Bodies over
 * `maxBodyBytes` are refused with `413 payload_too_large` before they are buffered (`hono/body-limit`:
 * a declared `content-length` is refused unread, a chunked body as soon as it passes the limit).
 * Nothing a client sends can crash the process: the handler never throws. Node's global `Request`
 * and `Response` are left alone.
 *
 * @example
 * ```ts
 * const server = createServer(handler);
 * server.listen(4000, '127.0.0.1');
 * ```
 */
export function createServer(handler: PaymentsHandler, options: NodeServerOptions = {}): Server {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const app = new Hono();
  app.use(
    bodyLimit({
      maxSize: limit,
      onError: (c) =>
        c.json(
          { error: { code: 'payload_too_large', message: `the request body is larger than ${limit} bytes` } },
          413,
          { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
        ),
    }),
  );
  app.all('*', (c) => handler(c.req.raw));
  return createAdaptorServer({
    fetch: (request: Request) => app.fetch(nativeRequest(request)),
    overrideGlobalObjects: false,
  }) as Server;
}

/**
 * Starts the handler on `host:port` (127.0.0.1 unless given) and resolves once it listens.
 *
 * @example
 * ```ts
 * const { url, close } = await listen(handler, { port: 4000 });
 * console.log(`payments API on ${url}`);
 * ```
 */
export function listen(handler: PaymentsHandler, options: ListenOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(handler, options);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        port,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
