// The route table as the reliability tests see it: every route, who may call it (a demo account holding
// its permission, or an anonymous visitor), a concrete URL for its parameters found by crawling the pages
// that person sees, and the forms (fields, CSRF token) those pages offer. Nothing here names a module:
// a module's new routes are picked up as soon as they are registered.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { routeRegistry, type RouteDef } from '../../src/kernel/http/route.js';
import { rolesHold, type GrantedPermission, type Permission } from '../../src/kernel/access/policy.js';
import { rows } from '../../src/kernel/db/client.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seeds/demo.js';
import { signIn, TestClient } from '../helpers/client.js';

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const BUILT_IN: readonly string[] = ['public', 'signed-in', 'login-in-progress'];

export type Who = 'anonymous' | 'pending' | string;

export interface Identity {
  who: Who;
  email: string | null;
  client: TestClient;
}

export interface FoundForm {
  action: string;
  method: 'get' | 'post';
  fields: string[];
  /** The page the form was found on. */
  page: string;
}

export interface Crawl {
  pages: Set<string>;
  links: Set<string>;
  forms: FoundForm[];
}

export function allRoutes(app: FastifyInstance): RouteDef[] {
  return [...routeRegistry.get(app)!];
}

/** Whether a set of roles holds a permission (built-in permissions: only 'signed-in' in the usual sense). */
function holds(roles: readonly string[], p: Permission): boolean {
  if (BUILT_IN.includes(p)) return false;
  return rolesHold(roles as never, p as GrantedPermission);
}

/** The demo account that acts for a permission: the first one holding it, in the demo data's order. */
export function accountFor(p: Permission): string | null {
  if (p === 'public' || p === 'login-in-progress') return null;
  if (p === 'signed-in') {
    // Any operator may: one holding none of the route table's permissions, so that nothing else depends on it.
    return DEMO_ACCOUNTS.find((a) => !grantedPermissions.some((g) => holds(a.roles, g)))?.email ?? DEMO_ACCOUNTS[0]!.email;
  }
  return DEMO_ACCOUNTS.find((a) => holds(a.roles, p))?.email ?? null;
}

let grantedPermissions: GrantedPermission[] = [];

/** Every demo account holding a permission (record-scope checks compare them). */
export function holdersOf(p: Permission): string[] {
  return DEMO_ACCOUNTS.filter((a) => holds(a.roles, p)).map((a) => a.email);
}

export class Harness {
  readonly identities = new Map<Who, Identity>();
  readonly crawls = new Map<Who, Crawl>();
  readonly userIds = new Map<string, string>();
  routes: RouteDef[];

  constructor(readonly app: FastifyInstance) {
    this.routes = allRoutes(app);
    grantedPermissions = [...new Set(this.routes.map((r) => r.permission).filter((p) => !BUILT_IN.includes(p)))] as GrantedPermission[];
  }

  /** The account email acting for a route, or 'anonymous' / 'pending'. */
  whoFor(def: RouteDef): Who {
    if (def.permission === 'public') return 'anonymous';
    if (def.permission === 'login-in-progress') return 'pending';
    return accountFor(def.permission) ?? 'anonymous';
  }

  /** The accounts used by whoFor, so that the "pending" one is another (its failures may lock it). */
  async identity(who: Who): Promise<Identity> {
    const known = this.identities.get(who);
    if (known) return known;
    let client: TestClient;
    let email: string | null = null;
    if (who === 'anonymous') {
      client = new TestClient(this.app);
      await client.get('/login');
    } else if (who === 'pending') {
      const used = new Set(this.routes.map((r) => this.whoFor(r)));
      email = [...DEMO_ACCOUNTS].reverse().find((a) => !used.has(a.email))!.email;
      client = new TestClient(this.app);
      await client.get('/login');
      await client.post('/login', { email, password: DEMO_PASSWORD });
      await client.get('/login/second-factor');
    } else {
      email = who;
      client = await signIn(this.app, who);
    }
    const identity = { who, email, client };
    this.identities.set(who, identity);
    if (email) {
      const [u] = await rows<{ id: string }>(this.app.kernel.db, sql`SELECT id FROM users WHERE email = ${email}`);
      this.userIds.set(email, u!.id);
    }
    return identity;
  }

  /** Signs an account in again if its session ended (a route of the table may end it); true when it had to. */
  async ensureSignedIn(identity: Identity): Promise<boolean> {
    if (!identity.email || identity.who === 'pending') return false;
    const res = await identity.client.get('/dashboard');
    if (res.statusCode === 200) return false;
    const fresh = await signIn(this.app, identity.email);
    identity.client.cookies = fresh.cookies;
    identity.client.lastCsrf = fresh.lastCsrf;
    return true;
  }

  /**
   * The pages this identity can open, two clicks deep from every GET route without parameters, with
   * their links and forms. Routes that end the session are not followed.
   */
  async crawl(who: Who, maxPages = 80): Promise<Crawl> {
    const known = this.crawls.get(who);
    if (known) return known;
    const { client } = await this.identity(who);
    const crawl: Crawl = { pages: new Set(), links: new Set(), forms: [] };
    const start = this.routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.startsWith('/lang'));
    let frontier = start.map((r) => r.url);
    for (let depth = 0; depth < 2 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const url of frontier) {
        if (crawl.pages.has(url) || crawl.pages.size >= maxPages) continue;
        crawl.pages.add(url);
        const res = await client.get(url);
        if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
        for (const m of res.body.matchAll(/<a\b[^>]*\bhref="([^"#]+)"/g)) {
          const href = decodeEntities(m[1]!);
          if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/static/')) continue;
          crawl.links.add(href);
          // One page per kind of link is enough to find the forms of its kind: the first record's.
          if (UUID_IN.test(href) && ![...crawl.pages, ...next].some((p) => samePattern(p, href))) next.push(href.split('?')[0]!);
        }
        crawl.forms.push(...formsOf(res.body, url));
      }
      frontier = next;
    }
    this.crawls.set(who, crawl);
    return crawl;
  }

  /**
   * A concrete URL for a route, for this identity: a link or form action of its crawl matching the
   * pattern (so that :id is a record this person can open), else the nearest prefix, else fillers.
   */
  async concreteUrl(def: RouteDef, who: Who): Promise<string> {
    if (!def.url.includes(':')) return def.url;
    const crawl = await this.crawl(who);
    const pattern = patternOf(def.url);
    const excluded = new Set(this.userIds.values());
    const candidates = [...crawl.links, ...crawl.forms.map((f) => f.action)]
      .map((u) => u.split('?')[0]!)
      .filter((u) => pattern.test(u) && ![...excluded].some((id) => u.includes(id)));
    if (candidates.length > 0) return candidates.sort()[0]!;
    // A record of the right kind from a page that links to it with another suffix: /x/:id/history ← /x/<uuid>.
    const base = def.url.slice(0, def.url.indexOf(':id'));
    if (def.url.includes(':id')) {
      const near = [...crawl.links, ...crawl.forms.map((f) => f.action)]
        .map((u) => u.split('?')[0]!)
        .filter((u) => u.startsWith(base) && UUID_IN.test(u.slice(base.length, base.length + 36)) && ![...excluded].some((id) => u.includes(id)))
        .sort();
      if (near.length > 0) return def.url.replace(':id', near[0]!.slice(base.length, base.length + 36));
    }
    return fillParams(def.url);
  }

  /** The form whose action is this route's (a POST form), for its field names. */
  async formFor(def: RouteDef, who: Who): Promise<FoundForm | undefined> {
    const crawl = await this.crawl(who);
    const pattern = patternOf(def.url);
    const method = def.method === 'GET' ? 'get' : 'post';
    return crawl.forms.find((f) => f.method === method && pattern.test(f.action.split('?')[0]!));
  }
}

/** Fillers for parameters no crawl gave: a well-formed id of no record, a token that is no token. */
export function fillParams(url: string): string {
  return url
    .replace(/:(?:[a-zA-Z]*I|i)d\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:token\b/g, 'not-a-real-token')
    .replace(/:code\b/g, 'it')
    .replace(/:[a-zA-Z]+/g, 'x');
}

export function patternOf(url: string): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:id\b/g, UUID_IN.source).replace(/:[a-zA-Z]+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`, 'i');
}

function samePattern(a: string, b: string): boolean {
  const shape = (u: string) => u.split('?')[0]!.replace(new RegExp(UUID_IN.source, 'gi'), ':id');
  return shape(a) === shape(b);
}

export function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function formsOf(html: string, page: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    const action = decodeEntities(/\baction="([^"]*)"/.exec(attrs)?.[1] ?? page);
    const method = (/\bmethod="([^"]*)"/.exec(attrs)?.[1] ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const fields = [...new Set([...m[2]!.matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/g)].map((f) => decodeEntities(f[1]!)))];
    forms.push({ action: action || page, method, fields: fields.filter((f) => f !== '_csrf'), page });
  }
  return forms;
}

/** Sends a request as this client (its cookies, updated from the answer) with anything as body. */
export async function send(
  client: TestClient,
  options: { method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer; extraCookie?: string; replaceCookies?: boolean },
): Promise<LightMyRequestResponse> {
  const own = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const cookie = options.replaceCookies ? options.extraCookie ?? '' : [own, options.extraCookie].filter(Boolean).join('; ');
  const res = await client.app.inject({
    method: options.method as 'GET',
    url: options.url,
    headers: { ...client.headers, ...(cookie ? { cookie } : {}), ...options.headers },
    ...(options.payload !== undefined ? { payload: options.payload } : {}),
  });
  if (!options.replaceCookies) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) client.cookies.delete(c.name);
      else client.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) client.lastCsrf = token;
  }
  return res;
}
