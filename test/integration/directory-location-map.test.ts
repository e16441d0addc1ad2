// Placing a location on a map in the editors' forms: with a tile server configured, every place of the
// service page and the new-service form carries a map picker bound to its own latitude and longitude fields,
// the scripts come from Ponte itself, and the tile server is the only third party the page may load from.
// The fields stay as they are, for whoever has no JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';

const TILES = 'https://tiles.example.org/{z}/{x}/{y}.png';
let t: TestApp;
let editor: TestClient;

beforeAll(async () => {
  t = await createTestApp({ seed: true, config: { map: { tileUrl: TILES, attribution: '© OpenStreetMap contributors' } } });
  editor = await signIn(t.app, 'redazione@asl.example');
}, 60_000);
afterAll(() => t?.close());

const unescapeHtml = (s: string) => s.replace(/&(#34|quot|#39|amp);/g, (_, e: string) => ({ '#34': '"', quot: '"', '#39': "'", amp: '&' })[e]!);
const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('a map to place a location', () => {
  it('binds a map to the coordinates of each place of a service, with the municipalities\' centroids', async () => {
    const [service] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM dir_services WHERE name = 'Scelta del medico di base e tessera sanitaria - Andria'`);
    const page = await editor.get(`/directory/manage/services/${service!.id}`);
    expect(page.statusCode).toBe(200);
    const pickers = attr(page.body, 'data-latitude-field');
    expect(pickers.length).toBeGreaterThan(0);
    expect(pickers).toEqual(pickers.map((_, i) => `place.${i}.latitude`));
    expect(attr(page.body, 'data-longitude-field')).toEqual(pickers.map((_, i) => `place.${i}.longitude`));
    expect(attr(page.body, 'data-municipality-field')).toEqual(pickers.map((_, i) => `place.${i}.municipality`));
    // Every field the map fills is on the page, in the same form, for whoever has no JavaScript.
    for (const name of [...pickers, ...attr(page.body, 'data-longitude-field')]) expect(page.body).toContain(`name="${name}"`);
    expect(attr(page.body, 'data-tiles')[0]).toBe(TILES);
    const centroids = JSON.parse(unescapeHtml(attr(page.body, 'data-centroids')[0]!)) as Record<string, [number, number]>;
    expect(Object.keys(centroids)).toHaveLength(10);
    expect(centroids['110001']![0]).toBeCloseTo(41.23, 1);
    // Hidden until the script draws it; one copy of each script, both Ponte's own.
    expect(page.body).toMatch(/<div class="ponte-map-picker mb-3" hidden/);
    expect(page.body.match(/<script src="\/static\/location-map.js" defer><\/script>/g)).toHaveLength(1);
    expect(attr(page.body, 'src').every((src) => src.startsWith('/static/'))).toBe(true);
    expect(page.headers['content-security-policy']).toContain('img-src \'self\' data: https://tiles.example.org');
    expect((await editor.get('/static/location-map.js')).statusCode).toBe(200);
  });

  it('puts the map in the new-service form too', async () => {
    const page = await editor.get('/directory/manage/services/new');
    expect(attr(page.body, 'data-latitude-field')).toEqual(['latitude']);
    expect(attr(page.body, 'data-municipality-field')).toEqual(['municipality']);
    expect(page.body).toContain('name="latitude"');
  });
});
