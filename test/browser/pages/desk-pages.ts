// The desk's pages: finding and recording a person, consent, contacts, needs, services for a need, the
// summary, the not-found page with "break the glass". Selectors use names, ids and hrefs, not texts.
import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class DeskHomePage extends Layout {
  static readonly path = '/desk';

  async search(q: string): Promise<Response> {
    await this.page.locator('#q').fill(q);
    return navigation(this.page, () => this.page.locator('form[role="search"] button[type="submit"]').click());
  }

  /** Links to people in the search results. */
  results(): Locator {
    return this.page.locator('#results-title ~ .table-responsive a[href^="/desk/people/"]');
  }

  async newPerson(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('main a[href="/desk/people/new"]').click());
  }
}

export class PersonFormPage extends Layout {
  async fill(p: { givenName: string; familyName: string; birthDate: string; nationality: string; municipality: string; languages: string[] }): Promise<void> {
    await this.page.locator('#givenName').fill(p.givenName);
    await this.page.locator('#familyName').fill(p.familyName);
    await this.page.locator('#birthDate').fill(p.birthDate);
    await this.page.locator('#nationality').selectOption(p.nationality);
    await this.page.locator('#municipalityCode').selectOption(p.municipality);
    await this.page.locator('main details summary').click();
    for (const l of p.languages) await this.page.locator(`label[for="languages-${l}"]`).click();
  }

  async submit(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('main form button[type="submit"]').click());
  }
}

export class ConsentPage extends Layout {
  async give(purposes: string[], organizationNames: string[]): Promise<Response> {
    for (const p of purposes) await this.page.locator(`label[for="purposes-${p}"]`).click();
    for (const name of organizationNames) await this.page.locator('#organizationIds label', { hasText: name }).click();
    await this.page.locator('#givenHow').selectOption('signed_form');
    return navigation(this.page, () => this.page.locator(`main form[action$="/consent"] button[type="submit"]`).click());
  }
}

export class PersonPage extends Layout {
  get id(): string {
    return /\/desk\/people\/([0-9a-f-]{36})/.exec(this.page.url())![1]!;
  }

  async logContact(channel: string, language: string): Promise<Response> {
    const form = this.page.locator('main form[action$="/contacts"]');
    await form.locator('#channel').selectOption(channel);
    await form.locator('#languageCode').selectOption(language);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  async recordNeed(termCode: string, urgency = 'normal'): Promise<Response> {
    const form = this.page.locator('main form[action$="/needs"]');
    await form.locator('#termCode').selectOption(termCode);
    await form.locator('#urgency').selectOption(urgency);
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  referralRows(): Locator {
    return this.page.locator('#referrals-title ~ .table-responsive tbody tr');
  }

  contactRows(): Locator {
    return this.page.locator('#contacts-title ~ .table-responsive tbody tr');
  }

  async openSummary(): Promise<Response> {
    return navigation(this.page, () => this.page.locator(`main a[href$="/summary"]`).click());
  }
}

export class NeedServicesPage extends Layout {
  /** The proposed services' names, best first. */
  services(): Promise<string[]> {
    return this.page.locator('main ol label').allInnerTexts();
  }

  async refer(index: number): Promise<Response> {
    await this.page.locator(`label[for="service-${index}"]`).click();
    return navigation(this.page, () => this.page.locator('main form[action$="/refer"] button[type="submit"]').click());
  }
}

export class PersonNotFoundPage extends Layout {
  async breakTheGlass(reason: string): Promise<Response> {
    await this.page.locator('#reason').fill(reason);
    return navigation(this.page, () => this.page.locator('main form[action$="/access"] button[type="submit"]').click());
  }
}

export class HouseholdPage extends Layout {
  members(): Locator {
    return this.page.locator('#members-title ~ .table-responsive tbody tr');
  }

  async unlink(name: string): Promise<Response> {
    return navigation(this.page, () => this.members().filter({ hasText: name }).locator('button[type="submit"]').click());
  }

  async search(q: string): Promise<Response> {
    await this.page.locator('#q').fill(q);
    return navigation(this.page, () => this.page.locator('form[role="search"] button[type="submit"]').click());
  }

  /** Links the found person of this name with the relation (its value: child, parent, partner...). */
  async link(name: string, relation: string): Promise<Response> {
    const row = this.page.locator('#add-member-title ~ .table-responsive tbody tr').filter({ hasText: name });
    await row.locator('select[name="relation"]').selectOption(relation);
    return navigation(this.page, () => row.locator('button[type="submit"]').click());
  }
}
