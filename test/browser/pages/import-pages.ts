import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

/** The directory team's import of an HSDS package: the upload form, then the job's page. */
export class ImportPage extends Layout {
  static path = '/directory/manage/import';

  private get form(): Locator {
    return this.page.locator('form[action="/directory/manage/import"][enctype="multipart/form-data"]');
  }

  async upload(files: { name: string; mimeType: string; buffer: Buffer }[], options: { publish?: boolean } = {}): Promise<Response> {
    await this.form.locator('input[type="file"]').setInputFiles(files);
    if (options.publish) await this.form.locator('#publish').check();
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }

  get fileError(): Locator {
    return this.page.locator('#package-error');
  }
}

export class ImportJobPage extends Layout {
  get status(): Locator {
    return this.page.locator('main dd .badge');
  }

  get progress(): Locator {
    return this.page.locator('main progress');
  }

  get confirmButton(): Locator {
    return this.page.locator('form[action$="/confirm"] button');
  }

  /** The rejected rows: file, row, field, value, reason. */
  async rejections(): Promise<string[][]> {
    return this.page.locator('main table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  }

  /** Waits until the step has finished (the page reloads itself while it runs). */
  async settled(): Promise<void> {
    await this.progress.waitFor({ state: 'detached', timeout: 20_000 });
    await this.page.waitForLoadState('load');
  }

  async confirm(): Promise<Response> {
    return navigation(this.page, () => this.confirmButton.click());
  }
}
