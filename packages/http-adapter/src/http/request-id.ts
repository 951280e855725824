/**
 * The request's id for logs and the `x-request-id` response header: the caller's (or the
 * Lambda adapter's) `x-request-id` when it is a sane token, else a fresh UUID.
 */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  if (given !== null && /^[A-Za-z0-9._:-]{1,128}$/.test(given)) return given;
  return crypto.randomUUID();
}
