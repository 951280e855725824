import type { RouteContext } from '../routes/route-context.ts';

/** One route: a method, a path pattern with `{name}` segments, and its handler. */
export interface Route {
  method: 'GET' | 'POST';
  /** e.g. `/registrations/{email}/{eventID}/{year}`; also the route's name in logs. */
  pattern: string;
  handle(context: RouteContext): Promise<Response>;
}

/** What matching a path gave. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method_not_allowed'; pattern: string; allow: string[] }
  | { kind: 'not_found' }
  | { kind: 'bad_path' };

const segments = (path: string) => path.split('/').filter((s) => s.length > 0);

/**
 * A tiny exact-segment router: enough for eight routes, no dependencies. Literal segments win
 * over parameters, so `/payments/webhook` is never taken for a parameter. Parameters are
 * percent-decoded; a malformed escape is a `bad_path`.
 */
export function createRouter(routes: Route[]) {
  const compiled = routes.map((route) => ({ route, parts: segments(route.pattern) }));
  const specificity = (parts: string[]) => parts.filter((p) => !p.startsWith('{')).length;
  compiled.sort((a, b) => specificity(b.parts) - specificity(a.parts));
  return {
    match(method: string, path: string): RouteMatch {
      const wanted = segments(path);
      const allow = new Set<string>();
      let allowPattern = '';
      for (const { route, parts } of compiled) {
        if (parts.length !== wanted.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < parts.length && ok; i++) {
          const part = parts[i] as string;
          const seg = wanted[i] as string;
          if (part.startsWith('{')) {
            try {
              params[part.slice(1, -1)] = decodeURIComponent(seg);
            } catch {
              return { kind: 'bad_path' };
            }
          } else ok = part === seg;
        }
        if (!ok) continue;
        if (route.method === method) return { kind: 'found', route, params };
        allow.add(route.method);
        allowPattern ||= route.pattern;
      }
      if (allow.size > 0)
        return { kind: 'method_not_allowed', pattern: allowPattern, allow: [...allow, 'OPTIONS'] };
      return { kind: 'not_found' };
    },
  };
}
