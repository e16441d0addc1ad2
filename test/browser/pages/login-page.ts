import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class LoginPage extends Layout {
  static readonly path = '/login';

  get email(): Locator {
    return this.page.locator('form[action="/login"] #email');
  }

  get password(): Locator {
    return this.page.locator('form[action="/login"] #password');
  }

  get form(): Locator {
    return this.page.locator('form[action="/login"]');
  }

  /** The error summary above the form (wrong password, locked account...). */
  get errors(): Locator {
    return this.page.locator('#error-summary');
  }

  async goto(): Promise<Response> {
    return this.open(LoginPage.path);
  }

  /** Types the e-mail and the password and submits; answers the response of the page that follows. */
  async signIn(email: string, password: string): Promise<Response> {
    await this.email.fill(email);
    await this.password.fill(password);
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }
}
