import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
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

function sendJson(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Reads the body, or `undefined` when it exceeded the limit (the 413 is then already sent). */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '');
    const tooLarge = () => {
      sendJson(res, 413, 'payload_too_large', `the request body is larger than ${limit} bytes`);
      res.once('finish', () => req.destroy());
      resolve(undefined);
    };
    if (Number.isFinite(declared) && declared > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function toRequest(req: IncomingMessage, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(req.url?.startsWith('/') ? req.url : '/', 'http://localhost');
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== undefined && body.length > 0;
  return new Request(url, { method, headers, ...(hasBody ? { body: new Uint8Array(body) } : {}) });
}

async function writeResponse(res: ServerResponse, response: Response, method: string) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

/**
 * A `node:http` server running the web-standard handler: each request is read (up to
 * `maxBodyBytes`), turned into a `Request`, and the `Response` written back. Nothing a client
 * sends can crash the process: every failure becomes a JSON error.
 *
 * @example
 * ```ts
 * const server = createServer(handler);
 * server.listen(4000, '127.0.0.1');
 * ```
 */
export function createServer(handler: PaymentsHandler, options: NodeServerOptions = {}): Server {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return createHttpServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    (async () => {
      const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, res, limit);
      if (body === undefined) return;
      const response = await handler(toRequest(req, body));
      await writeResponse(res, response, method);
    })().catch(() => {
      if (!res.headersSent) sendJson(res, 500, 'internal', 'internal error');
      else res.destroy();
    });
  });
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
