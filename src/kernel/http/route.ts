// Routes are declared as rows of a table: method, url, the permission that guards it, the handler.
// Registering a row always adds the access check and, for anything that changes state, the CSRF check.
// A row whose permission is not a known one stops start-up.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteHandlerMethod } from 'fastify';
import { isPermission, rolesHold, type Permission } from '../access/policy.js';

export interface RouteDef {
  method: HTTPMethods;
  url: string;
  permission: Permission;
  /** 'page' answers errors with HTML pages, 'api' with application/problem+json. Default 'page'. */
  kind?: 'page' | 'api';
  /** Requests per minute per client address, for routes that attackers like (login, reset). */
  rateLimitPerMinute?: number;
  /** JSON API routes authenticate otherwise and skip the form CSRF check. */
  csrf?: boolean;
  bodyLimit?: number;
  handler: RouteHandlerMethod;
}

export function route(def: RouteDef): RouteDef {
  return def;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
    kind?: 'page' | 'api';
  }
}

export class RouteDeclarationError extends Error {
  override name = 'RouteDeclarationError';
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every route registered through here, for the permission matrix test and the OpenAPI document. */
export const routeRegistry = new WeakMap<FastifyInstance, RouteDef[]>();

export function registerRoutes(app: FastifyInstance, defs: readonly RouteDef[]): void {
  const registry = routeRegistry.get(app) ?? [];
  routeRegistry.set(app, registry);
  for (const def of defs) {
    if (!isPermission(def.permission)) {
      throw new RouteDeclarationError(`Route ${def.method} ${def.url} declares no known permission`);
    }
    const preValidation = [authorize];
    const needsCsrf = STATE_CHANGING.has(String(def.method)) && def.csrf !== false;
    app.route({
      method: def.method,
      url: def.url,
      config: {
        permission: def.permission,
        kind: def.kind ?? 'page',
        ...(def.rateLimitPerMinute && app.kernel.config.rateLimits ? { rateLimit: { max: def.rateLimitPerMinute, timeWindow: '1 minute' } } : {}),
      },
      ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
      preValidation: needsCsrf ? [...preValidation, csrfCheck(app)] : preValidation,
      handler: def.handler,
    });
    registry.push(def);
  }
}

function csrfCheck(app: FastifyInstance) {
  return (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) =>
    app.csrfProtection(req, reply, done);
}

export class HttpError extends Error {
  constructor(
    public statusCode: number,
    public messageKey: string,
  ) {
    super(messageKey);
  }
}

/** The access check every route gets. Unknown users go to the login page; known ones without the right get 403. */
async function authorize(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const permission = req.routeOptions.config.permission!;
  if (permission === 'public') return;
  if (permission === 'login-in-progress') {
    if (!req.session.get('pendingUserId')) return redirectToLogin(req, reply);
    return;
  }
  const user = req.user;
  if (!user) return redirectToLogin(req, reply);
  if (permission === 'signed-in') return;
  if (!rolesHold(user.roles, permission)) {
    req.log.info({ permission, userId: user.id }, 'access denied');
    throw new HttpError(403, 'errors.forbidden.title');
  }
}

function redirectToLogin(req: FastifyRequest, reply: FastifyReply) {
  if (req.routeOptions.config.kind === 'api') throw new HttpError(401, 'errors.unauthenticated.title');
  const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
  return reply.redirect(`/login${next}`, 303);
}

/** A local path to return to after login or a language change; anything else is ignored. */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string') return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 500) return fallback;
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's :id as a UUID; anything else is a page that does not exist (never a database error). */
export function uuidParam(req: FastifyRequest, name = 'id'): string {
  const value = (req.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw new HttpError(404, 'errors.notFound.title');
  return value.toLowerCase();
}
