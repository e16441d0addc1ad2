import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

/** Choosing a password: from the invitation link, a reset link or the account page. */
export class SetPasswordPage extends Layout {
  get form(): Locator {
    return this.page.locator('main form[method="post"]');
  }

  get hint(): Locator {
    return this.form.locator('#password-hint');
  }

  async choose(password: string, confirm = password): Promise<Response> {
    await this.form.locator('#password').fill(password);
    await this.form.locator('#confirm').fill(confirm);
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }
}
