import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export interface Invitation {
  email: string;
  displayName: string;
  /** The organization's name as listed in the select. */
  organization: string;
  /** Role codes (labour_officer...): the checkboxes are found by value, their labels are translated. */
  roles: string[];
  /** Language of the invitation mail; the form's default is Italian. */
  locale?: string;
}

export class InvitePage extends Layout {
  static readonly path = '/admin/users/new';

  get form(): Locator {
    return this.page.locator('form[action="/admin/users"]');
  }

  get errors(): Locator {
    return this.page.locator('#error-summary');
  }

  roleCheckbox(role: string): Locator {
    return this.form.locator(`#roles-${role}`);
  }

  /** The visible label of a role's checkbox (Bootstrap Italia draws the box on the label). */
  roleLabel(role: string): Locator {
    return this.form.locator(`label[for="roles-${role}"]`);
  }

  async fill(invitation: Invitation): Promise<void> {
    await this.form.locator('#email').fill(invitation.email);
    await this.form.locator('#displayName').fill(invitation.displayName);
    await this.form.locator('#organizationId').selectOption({ label: invitation.organization });
    if (invitation.locale) await this.form.locator('#locale').selectOption(invitation.locale);
    for (const role of invitation.roles) {
      await this.roleLabel(role).click();
      if (!(await this.roleCheckbox(role).isChecked())) throw new Error(`the checkbox of role ${role} did not get checked`);
    }
  }

  async submit(): Promise<Response> {
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }
}
