// An editor places the ASL's office on the map: a click on the map fills latitude and longitude, a drag of
// the marker changes them, the saved place has those coordinates. The map works under Ponte's CSP (its
// scripts are Ponte's own files); axe-core checks the page with the map. Map tiles are answered locally:
// no request leaves the machine.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { goto, launchBrowser, navigation, newContext, screenshot } from './helpers/browser.js';
import { expectAccessible } from './helpers/axe.js';
import type { RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { LocationMapPicker } from './pages/location-map.js';
import { createTestApp } from '../helpers/test-app.js';
import { rows } from '../../src/kernel/db/client.js';

const TILES = 'https://tiles.example.org/{z}/{x}/{y}.png';
// A grey 1×1 PNG for every tile.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mO8e/fufwAIYQN3wCgY1QAAAABJRU5ErkJggg==', 'base64');

let ponte: RunningPonte;
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
let browser: Browser;

async function withTiles(context: BrowserContext): Promise<BrowserContext> {
  await context.route('https://tiles.example.org/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: TILE }));
  return context;
}

beforeAll(async () => {
  const t = await createTestApp({ seed: true, config: { map: { tileUrl: TILES, attribution: '© OpenStreetMap contributors' } } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  ponte = { ...t, baseUrl: `http://127.0.0.1:${port}` };
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await ponte?.close();
});

describe('placing a location on a map', () => {
  it('fills the coordinates from a click and a drag, and saves them', async () => {
    const [service] = await rows<{ id: string }>(ponte.app.kernel.db, sql`SELECT id FROM dir_services WHERE name = 'Scelta del medico di base e tessera sanitaria - Andria'`);
    const context = await withTiles(await newContext(browser, ponte.baseUrl));
    const page = await context.newPage();
    await signInDemo(page, ponte, 'redazione@asl.example');
    expect((await goto(page, `/directory/manage/services/${service!.id}`)).status()).toBe(200);
    const picker = new LocationMapPicker(page, 'place.0.latitude', 'place.0.longitude');
    await picker.map.waitFor();
    await picker.map.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'edit service with the map');

    await picker.latitude.fill('');
    await picker.longitude.fill('');
    await picker.clickAt(0.3, 0.4);
    const [lat, lon] = await picker.coordinates();
    // Andria: the map opens on the place, or on the municipality.
    expect(lat).toBeGreaterThan(41.1);
    expect(lat).toBeLessThan(41.35);
    expect(lon).toBeGreaterThan(16.1);
    expect(lon).toBeLessThan(16.45);
    expect(await picker.latitude.inputValue()).toMatch(/^\d+\.\d{6}$/);

    await picker.dragMarker(80, 60);
    const [lat2, lon2] = await picker.coordinates();
    expect(lon2).toBeGreaterThan(lon); // east
    expect(lat2).toBeLessThan(lat); // south
    await screenshot(page, 'location-map');

    // Typed coordinates move the marker.
    const before = await picker.marker.boundingBox();
    await picker.latitude.fill(String(lat2 + 0.001));
    await expect.poll(async () => (await picker.marker.boundingBox())!.y).toBeLessThan(before!.y);
    await picker.latitude.fill(lat2.toFixed(6));

    await navigation(page, () => page.locator(`form[action$="/places"] button[type="submit"]`).click());
    expect(await page.locator('main .alert-success').count()).toBeGreaterThan(0);
    const [stored] = await rows<{ latitude: number; longitude: number }>(
      ponte.app.kernel.db,
      sql`SELECT l.latitude, l.longitude FROM dir_locations l JOIN dir_service_at_locations s ON s.location_id = l.id WHERE s.service_id = ${service!.id} ORDER BY s.id LIMIT 1`,
    );
    expect(stored!.latitude).toBeCloseTo(lat2, 5);
    expect(stored!.longitude).toBeCloseTo(lon2, 5);

    // The new-service form has its map too; in Arabic, right to left, still accessible.
    await goto(page, '/lang/ar?next=/directory/manage/services/new');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await new LocationMapPicker(page, 'latitude', 'longitude').map.waitFor();
    await expectAccessible(page, 'new service with the map (ar)');
    signedIn = await context.storageState();
    await context.close();
  });

  it('draws the map under the Content-Security-Policy, centred on the municipality chosen', async () => {
    // The same signed-in editor, in a browser that keeps Ponte's CSP (axe cannot be injected there).
    const context = await withTiles(
      await browser.newContext({ baseURL: ponte.baseUrl, storageState: signedIn, bypassCSP: false, locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 } }),
    );
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      const text = m.text();
      // Bootstrap Italia's CSS embeds Video.js's icon font as a data: URL (known and harmless: errors.test.ts).
      if (text.includes("Loading the font 'data:application/font-woff")) return;
      if (m.type() === 'error' || /Content[- ]Security[- ]Policy/i.test(text)) violations.push(text.slice(0, 300));
    });
    page.on('pageerror', (e) => violations.push(e.message));
    expect((await goto(page, '/directory/manage/services/new')).status()).toBe(200);
    const picker = new LocationMapPicker(page, 'latitude', 'longitude');
    await picker.map.waitFor();
    await page.locator('#municipality').selectOption('110002');
    await picker.clickAt(0.5, 0.5);
    const [lat, lon] = await picker.coordinates();
    // Barletta's centre.
    expect(lat).toBeCloseTo(41.32, 1);
    expect(lon).toBeCloseTo(16.28, 1);
    expect(violations).toEqual([]);
    await context.close();
  });
});
