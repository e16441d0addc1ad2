// The referrals' pages: the inbox (received / sent) and one referral with its action forms. Selectors use
// the markup's ids, hrefs and data attributes, not translated texts, so they work in every language.
import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class ReferralListPage extends Layout {
  static readonly path = '/referrals';
  static readonly sentPath = '/referrals/sent';

  /** The row of a referral, found by its id. */
  row(id: string): Locator {
    return this.page.locator(`main table tbody tr[data-referral="${id}"]`);
  }

  async openReferral(id: string): Promise<Response> {
    return navigation(this.page, () => this.row(id).locator(`a[href="/referrals/${id}"]`).click());
  }

  async openTab(href: string): Promise<Response> {
    return navigation(this.page, () => this.page.locator(`main .nav-tabs a[href="${href}"]`).click());
  }
}

export class ReferralPage extends Layout {
  get status(): Locator {
    return this.page.locator('main h1 + p .badge').first();
  }

  /** The person's data as shared with this organization: label → value. */
  async sharedData(): Promise<Record<string, string>> {
    const dl = this.page.locator('#shared-data');
    const labels = await dl.locator('dt').allInnerTexts();
    const values = await dl.locator('dd').allInnerTexts();
    return Object.fromEntries(labels.map((l, i) => [l.trim(), (values[i] ?? '').trim()]));
  }

  form(action: string): Locator {
    return this.page.locator(`main form[data-action="${action}"]`);
  }

  /** The actions the page offers, in order. */
  actions(): Promise<string[]> {
    return this.page.locator('main form[data-action]').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-action') ?? ''));
  }

  historyRows(): Locator {
    return this.page.locator('#history-title ~ .table-responsive tbody tr');
  }

  get error(): Locator {
    return this.page.locator('#referral-error');
  }

  async accept(note?: string): Promise<Response> {
    const form = this.form('accept');
    if (note) await form.locator('textarea[name="acceptNote"]').fill(note);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  async complete(outcome: string, note?: string): Promise<Response> {
    const form = this.form('complete');
    await form.locator('select[name="completeOutcome"]').selectOption(outcome);
    if (note) await form.locator('textarea[name="completeNote"]').fill(note);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  async submitEmpty(action: string): Promise<Response> {
    return navigation(this.page, () => this.form(action).locator('button[type="submit"]').click());
  }
}

export class NotificationsPage extends Layout {
  static readonly path = '/notifications';

  /** The notifications that link to this path. */
  linksTo(path: string): Locator {
    return this.page.locator(`main table a[href="${path}"]`);
  }

  async markAllRead(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('main form[action="/notifications/read-all"] button').click());
  }
}
