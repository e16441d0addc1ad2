// Case handling's pages: the possible-victim flag, a case plan, the list of one's cases. Selectors use ids,
// names and hrefs from the markup, not translated texts, so they work in every language.
import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class FlagPage extends Layout {
  static path = (personId: string) => `/desk/people/${personId}/flag`;

  get form(): Locator {
    return this.page.locator('#flag-form');
  }

  /** Where the referral will go, or why it cannot leave. */
  get referral(): Locator {
    return this.page.locator('#flag-referral');
  }

  get errors(): Locator {
    return this.page.locator('#error-summary');
  }

  /** Names a team member, as a person does: a click on the operator's name. */
  async addToTeam(userId: string): Promise<void> {
    await this.form.locator(`label[for="members-${userId}"]`).click();
  }

  async flag(options: { reason?: string; confirm: boolean }): Promise<Response> {
    if (options.reason !== undefined) await this.form.locator('#reason').fill(options.reason);
    if (options.confirm && !(await this.form.locator('#confirm').isChecked())) await this.form.locator('label[for="confirm"]').click();
    return navigation(this.page, () => this.form.locator('button[type="submit"]').click());
  }
}

export class CasePage extends Layout {
  get id(): string {
    return /\/desk\/cases\/([0-9a-f-]{36})/.exec(this.page.url())![1]!;
  }

  get restrictedNotice(): Locator {
    return this.page.locator('#restricted-notice');
  }

  get antiTrafficking(): Locator {
    return this.page.locator('#anti-trafficking');
  }

  teamNames(): Promise<string[]> {
    return this.page.locator('#team li > span:first-child').allInnerTexts();
  }

  meetingNotes(): Promise<string[]> {
    return this.page.locator('#meetings .ponte-note').allInnerTexts();
  }

  async recordMeeting(notes: string): Promise<Response> {
    const form = this.page.locator('#meeting-form');
    await form.locator('#meetingNotes').fill(notes);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }
}

export class CaseListPage extends Layout {
  static readonly path = '/desk/cases';

  async openCase(id: string): Promise<Response> {
    return navigation(this.page, () => this.page.locator(`main a[href="/desk/cases/${id}"]`).click());
  }
}
