// The mediators' pages: the list of requests, the request form, one request with its action forms, the
// mediator's own page and the figures. Selectors use ids, names and hrefs, not translated texts.
import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export interface RequestInput {
  language: string;
  date?: string;
  time?: string;
  asap?: boolean;
  duration: string;
  mode: string;
  municipality?: string;
  place?: string;
  setting: string;
  purpose: string;
  caseReference?: string;
}

export class MediationRequestsPage extends Layout {
  static readonly path = '/mediation/requests';

  async openNew(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('main a[href="/mediation/requests/new"]').click());
  }

  linkTo(id: string): Locator {
    return this.page.locator(`main table a[href="/mediation/requests/${id}"]`);
  }
}

export class NewRequestPage extends Layout {
  get form(): Locator {
    return this.page.locator('#request-form');
  }

  async submit(input: RequestInput): Promise<Response> {
    const f = this.form;
    await f.locator('select[name="language"]').selectOption(input.language);
    await f.locator(`label[for="when-${input.asap ? 'asap' : 'at'}"]`).click();
    if (input.date) await f.locator('input[name="date"]').fill(input.date);
    if (input.time) await f.locator('input[name="time"]').fill(input.time);
    await f.locator('select[name="duration"]').selectOption(input.duration);
    await f.locator('select[name="mode"]').selectOption(input.mode);
    if (input.municipality) await f.locator('select[name="municipality"]').selectOption(input.municipality);
    if (input.place) await f.locator('input[name="place"]').fill(input.place);
    await f.locator('select[name="setting"]').selectOption(input.setting);
    await f.locator('textarea[name="purpose"]').fill(input.purpose);
    if (input.caseReference) await f.locator('input[name="caseReference"]').fill(input.caseReference);
    return navigation(this.page, () => f.locator('button[type="submit"]').click());
  }

  fieldError(name: string): Locator {
    return this.page.locator(`#${name}-error`);
  }
}

export class MediationRequestPage extends Layout {
  get status(): Locator {
    return this.page.locator('main h1 + p .badge').first();
  }

  get unmetNotice(): Locator {
    return this.page.locator('#unmet-notice');
  }

  /** The names of the mediators proposed, in their order. */
  async candidates(): Promise<string[]> {
    return (await this.page.locator('#assign-form fieldset .form-check label > span:first-child').allInnerTexts()).map((s) => s.trim());
  }

  async assign(mediatorName: string): Promise<Response> {
    const form = this.page.locator('#assign-form');
    // Bootstrap Italia draws its own radio: the label is what a person clicks.
    await form.locator('.form-check label', { hasText: mediatorName }).click();
    return navigation(this.page, () => form.locator('button[type="submit"]:not([formaction])').click());
  }

  get calendarLink(): Locator {
    return this.page.locator('main a[href$="?format=ics"]');
  }

  async report(hours: string, outcome: string): Promise<Response> {
    const form = this.page.locator('#report-form');
    await form.locator('input[name="hours"]').fill(hours);
    await form.locator('select[name="outcome"]').selectOption(outcome);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  async confirm(rating: string, comment: string): Promise<Response> {
    const form = this.page.locator('#confirm-form');
    await form.locator('select[name="rating"]').selectOption(rating);
    await form.locator('textarea[name="comment"]').fill(comment);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }
}

export class OwnMediationsPage extends Layout {
  static readonly path = '/mediators/me';

  async openRequest(id: string): Promise<Response> {
    return navigation(this.page, () => this.page.locator(`main a[href="/mediation/requests/${id}"]`).click());
  }
}

export class MediationFiguresPage extends Layout {
  static readonly path = '/mediation/figures';

  table(id: string): Locator {
    return this.page.locator(`section:has(#table-${id}) table`);
  }
}
