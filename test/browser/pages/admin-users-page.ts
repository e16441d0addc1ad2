import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class AdminUsersPage extends Layout {
  static readonly path = '/admin/users';

  async goto(): Promise<Response> {
    return this.open(AdminUsersPage.path);
  }

  get table(): Locator {
    return this.page.locator('main table');
  }

  /** The table row of an operator, found by e-mail address. */
  row(email: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.locator('td', { hasText: email }) });
  }

  async openInvite(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('main a[href="/admin/users/new"]').click());
  }
}
