import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

/** The forced enrolment of the second factor at the first sign-in: a QR code and the same secret in text. */
export class EnrolPage extends Layout {
  static readonly path = '/login/enrol';

  get qrCode(): Locator {
    return this.page.locator('figure.ponte-qr');
  }

  get secretText(): Locator {
    return this.page.locator('code.ponte-secret');
  }

  /** The secret, as a person would type it into the authenticator app. */
  async secret(): Promise<string> {
    return (await this.secretText.innerText()).replace(/\s+/g, '');
  }

  get form(): Locator {
    return this.page.locator('main form[method="post"]');
  }

  get code(): Locator {
    return this.form.locator('#code');
  }

  async submitCode(code: string): Promise<Response> {
    await this.code.fill(code);
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }
}
