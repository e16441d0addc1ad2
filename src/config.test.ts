import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const secrets = {
  SESSION_SECRET: 's'.repeat(40),
  ENCRYPTION_KEY: 'a'.repeat(64),
  BLIND_INDEX_KEY: 'b'.repeat(64),
};

describe('configuration', () => {
  it('names the setting that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', ...secrets })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', ...secrets })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ ENCRYPTION_KEY: 'short', SESSION_SECRET: secrets.SESSION_SECRET, BLIND_INDEX_KEY: secrets.BLIND_INDEX_KEY })).toThrow(/ENCRYPTION_KEY/);
  });

  it('names every secret that production needs and is missing', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/Missing env var SESSION_SECRET, ENCRYPTION_KEY, BLIND_INDEX_KEY, MAIL_URL, PUBLIC_URL/);
  });

  it('refuses demo data in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', ...secrets, MAIL_URL: 'smtp://mail', PUBLIC_URL: 'https://ponte.example', DEMO_DATA: 'true' }),
    ).toThrow(/DEMO_DATA/);
  });

  it('defaults to the embedded database in ./data on port 3000, with secure cookies only in production', () => {
    const c = loadConfig({ ...secrets });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.pgliteDir).toMatch(/data\/pglite$/);
    expect(c.secureCookies).toBe(false);
    const p = loadConfig({ NODE_ENV: 'production', ...secrets, MAIL_URL: 'smtp://mail', PUBLIC_URL: 'https://ponte.example' });
    expect(p.secureCookies).toBe(true);
  });
});
