// The directory team brings a partner's directory in: uploads its HSDS package, reads the dry run's
// verdict (every rejected row, in the reader's language), corrects it, and imports on confirmation.
// axe-core checks every page, in Italian and in Arabic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/kernel/db/client.js';
import { goto, launchBrowser, navigation, newContext, screenshot } from './helpers/browser.js';
import { expectAccessible } from './helpers/axe.js';
import { startPonte, type RunningPonte } from './helpers/server.js';
import { signInDemo } from './helpers/sign-in.js';
import { ImportJobPage, ImportPage } from './pages/import-pages.js';
import { makeZip } from '../helpers/zip.js';

let ponte: RunningPonte;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const ORG = '5d3c2b1a-0000-4000-8000-000000000001';
const SERVICE = '5d3c2b1a-0000-4000-8000-000000000002';
const packageFiles = (email: string) => ({
  'organizations.csv': `id,name,description\n${ORG},Cooperativa Approdo,Accoglienza e orientamento\n`,
  'services.csv': `id,organization_id,name,status,email\n${SERVICE},${ORG},Orientamento al lavoro - Trani,active,${email}\n`,
});
const zipOf = (files: Record<string, string>) => ({
  name: 'approdo.zip',
  mimeType: 'application/zip',
  buffer: makeZip(Object.entries(files).map(([path, content]) => ({ path, content }))),
});

beforeAll(async () => {
  [ponte, browser] = await Promise.all([startPonte(), launchBrowser()]);
  context = await newContext(browser, ponte.baseUrl);
  page = await context.newPage();
  await signInDemo(page, ponte, 'mappa@prefettura.example');
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await ponte?.close();
});

describe('importing an HSDS package', () => {
  it('lists the rows it would reject and writes nothing, then imports the corrected package on confirmation', async () => {
    expect((await goto(page, ImportPage.path)).status()).toBe(200);
    const form = new ImportPage(page);
    await expectAccessible(page, 'import form');

    // Nothing chosen: the browser itself asks for a file (required); sent anyway, the page says so.
    await page.locator('#package').evaluate((input) => input.removeAttribute('required'));
    expect((await navigation(page, () => page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click())).status()).toBe(400);
    expect(await form.fileError.textContent()).toContain('Scegli');
    await expectAccessible(page, 'import form with an error');

    expect((await form.upload([zipOf(packageFiles('non-una-mail'))])).status()).toBe(200);
    const job = new ImportJobPage(page);
    await job.settled();
    expect(await job.status.textContent()).toBe('Rifiutato');
    expect(await job.rejections()).toEqual([['services.csv', '2', 'email', 'non-una-mail', 'Non è un indirizzo e-mail.']]);
    expect(await job.confirmButton.count()).toBe(0);
    await expectAccessible(page, 'import rejected');
    await screenshot(page, 'import-rejected');

    await goto(page, ImportPage.path);
    await form.upload([zipOf(packageFiles('lavoro@approdo.example'))]);
    await job.settled();
    expect(await job.status.textContent()).toBe('Pronto per l\'importazione');
    await expectAccessible(page, 'import checked');
    await job.confirm();
    await job.settled();
    expect(await job.status.textContent()).toBe('Importato');
    await expectAccessible(page, 'import done');
    await screenshot(page, 'import-done');

    // The imported service waits for review in the back office.
    await goto(page, '/directory/manage/services?q=Orientamento%20al%20lavoro');
    expect(await page.locator('#main').textContent()).toContain('Orientamento al lavoro - Trani');
  });

  it('shows a progress bar, labelled, while a step runs, and is accessible in Arabic', async () => {
    // A large import under way (its rows are written in the background; here its job is as it would be then).
    const [{ id }] = (await rows<{ id: string }>(
      ponte.app.kernel.db,
      sql`INSERT INTO dir_import_jobs (created_by, status, file_names, phase, processed, total)
          VALUES ((SELECT id FROM users WHERE email = 'mappa@prefettura.example'), 'importing', ARRAY['services.csv'], 'writing', 300, 1000) RETURNING id`,
    )) as [{ id: string }];
    await navigation(page, () => page.locator('.ponte-languages a[hreflang="ar"]').click());
    // Kept still, so that axe reads a page that does not reload under it.
    expect((await goto(page, `/directory/manage/import/${id}?refresh=off`)).status()).toBe(200);
    const job = new ImportJobPage(page);
    expect(await job.dir()).toBe('rtl');
    expect(await job.progress.getAttribute('value')).toBe('300');
    expect(await job.progress.getAttribute('max')).toBe('1000');
    await expectAccessible(page, 'import progress (ar)');
    await screenshot(page, 'import-progress-ar');
    await goto(page, ImportPage.path);
    await expectAccessible(page, 'import form (ar)');
  });
});
