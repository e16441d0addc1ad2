// The appointments' pages: the public ones (choose a desk, ask for a time, the confirmation) and the desk's
// calendar. Selectors use names and addresses, never translated texts.
import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class AppointmentDesksPage extends Layout {
  static readonly path = '/appointments';

  deskLink(organizationId: string): Locator {
    return this.page.locator(`#main a[href="/appointments/${organizationId}"]`);
  }

  async chooseDesk(organizationId: string): Promise<Response> {
    return navigation(this.page, () => this.deskLink(organizationId).click());
  }
}

export class AppointmentRequestPage extends Layout {
  get slotChoices(): Locator {
    return this.page.locator('#main input[type="radio"][name="slot"]');
  }

  get errorSummary(): Locator {
    return this.page.locator('#error-summary');
  }

  fieldError(name: string): Locator {
    return this.page.locator(`#${name}-error`);
  }

  async fill(form: { slotIndex?: number; name?: string; phone?: string; email?: string; need?: string; message?: string }): Promise<void> {
    if (form.slotIndex !== undefined) await this.slotChoices.nth(form.slotIndex).check();
    if (form.name !== undefined) await this.page.locator('#name').fill(form.name);
    if (form.phone !== undefined) await this.page.locator('#phone').fill(form.phone);
    if (form.email !== undefined) await this.page.locator('#email').fill(form.email);
    if (form.need !== undefined) await this.page.locator('#need').selectOption(form.need);
    if (form.message !== undefined) await this.page.locator('#message').fill(form.message);
  }

  async send(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('#main form[method="post"] button[type="submit"]').click());
  }
}

export class DeskCalendarPage extends Layout {
  request(id: string): Locator {
    return this.page.locator(`#main [data-request="${id}"]`);
  }

  async confirm(id: string): Promise<Response> {
    return navigation(this.page, () => this.request(id).locator('form[action$="/confirm"] button').click());
  }
}
