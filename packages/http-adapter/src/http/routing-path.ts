import { getPath } from 'hono/utils/url';

/**
 * The path Hono routes on: its own decoding (`hono/utils/url`), with a configured base path (an
 * API Gateway stage such as `/prod`) stripped when present, and empty segments dropped, so
 * `/prod/health`, `/health` and `/health/` all reach `GET /health` as they always have.
 */
export function routingPath(basePath: string): (request: Request) => string {
  return (request) => {
    let path = getPath(request);
    if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) {
      path = path.slice(basePath.length);
    }
    return `/${path
      .split('/')
      .filter((segment) => segment.length > 0)
      .join('/')}`;
  };
}

/** The raw (still percent-encoded) segments of a request's path, after the base path. */
export function rawSegments(request: Request, basePath: string): string[] {
  let path = new URL(request.url).pathname;
  if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) {
    path = path.slice(basePath.length);
  }
  return path.split('/').filter((segment) => segment.length > 0);
}
