// A browser-like client over app.inject(): keeps cookies, follows nothing by itself, and finds the CSRF
// token of the last form it was shown, as a person's browser would send it back.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { sql } from 'drizzle-orm';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../seeds/demo.js';

export class TestClient {
  cookies = new Map<string, string>();
  lastCsrf: string | undefined;

  constructor(
    readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
  ) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.lastCsrf = token;
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { ...this.headers, cookie: this.cookieHeader(), ...headers } }),
    );
  }

  /** Posts a form as the browser would: urlencoded, with the CSRF token of the last page unless given. */
  async post(url: string, form: Record<string, string | string[]> = {}, options: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.lastCsrf : options.csrf;
    if (csrf) body.append('_csrf', csrf);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }
}

export async function totpNow(secret = DEMO_TOTP_SECRET): Promise<string> {
  return generate({ secret });
}

/**
 * Signs a demo account in through the real pages: password, then the second factor. Tests sign the same
 * account in more than once within 30 s, so the replay guard's memory of the last code is cleared first.
 */
export async function signIn(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<TestClient> {
  await app.kernel.db.execute(sql`UPDATE users SET totp_last_step = NULL WHERE email = ${email}`);
  const client = new TestClient(app);
  await client.get('/login');
  const res = await client.post('/login', { email, password });
  if (res.statusCode !== 303) throw new Error(`sign-in of ${email} failed: ${res.statusCode}`);
  if (res.headers.location === '/login/second-factor') {
    await client.get('/login/second-factor');
    const second = await client.post('/login/second-factor', { code: await totpNow() });
    if (second.statusCode !== 303) throw new Error(`second factor of ${email} failed: ${second.statusCode}`);
  }
  await client.get('/dashboard');
  return client;
}
