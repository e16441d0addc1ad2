import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class SecondFactorPage extends Layout {
  static readonly path = '/login/second-factor';

  get form(): Locator {
    return this.page.locator('form[action="/login/second-factor"]');
  }

  get code(): Locator {
    return this.form.locator('#code');
  }

  async submitCode(code: string): Promise<Response> {
    await this.code.fill(code);
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }
}
