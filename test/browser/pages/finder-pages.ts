import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

/** The public finder: the search form and its results. */
export class FinderPage extends Layout {
  private get form(): Locator {
    return this.page.locator('form[role="search"][action="/services"]');
  }

  async search(query: string, filters: { municipality?: string; language?: string } = {}): Promise<Response> {
    await this.form.locator('#q').fill(query);
    if (filters.municipality) await this.form.locator('#municipality').selectOption(filters.municipality);
    if (filters.language) await this.form.locator('#language').selectOption(filters.language);
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }

  get resultLinks(): Locator {
    return this.page.locator('#main h3.card-title a');
  }

  async openResult(index: number): Promise<Response> {
    return navigation(this.page, () => this.resultLinks.nth(index).click());
  }
}

/** A service's public page. */
export class ServicePage extends Layout {
  get name(): Locator {
    return this.page.locator('#main h1');
  }

  get phoneLinks(): Locator {
    return this.page.locator('#main a[href^="tel:"]');
  }

  get documents(): Locator {
    return this.page.locator('#documents + ul li');
  }

  get languages(): Locator {
    return this.page.locator('#languages + p');
  }

  async reportMistake(kind: string, message: string): Promise<Response> {
    await navigation(this.page, () => this.page.locator('#main a[href$="/report"]').click());
    await this.page.locator('#kind').selectOption(kind);
    await this.page.locator('#message').fill(message);
    return navigation(this.page, () => this.page.locator('#main form button[type="submit"]').click());
  }
}

/** The editor's page of one service, in the back office. */
export class EditServicePage extends Layout {
  phone(index: number): Locator {
    return this.page.locator(`[name="phone.${index}"]`);
  }

  /** Saves the service's main form: the one that posts to the page's own address (the page has several). */
  async save(): Promise<Response> {
    const path = new URL(this.page.url()).pathname;
    return navigation(this.page, () => this.page.locator(`form[method="post"][action="${path}"] button[type="submit"]`).click());
  }
}
