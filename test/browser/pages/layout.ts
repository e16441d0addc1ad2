// What every page has: the <html> language and direction, the header's language switch and user zone,
// the main navigation, the flash message and the page heading. Selectors avoid translated texts, so the
// page objects work in every language.
import type { Locator, Page, Response } from 'playwright-core';
import { goto, navigation } from '../helpers/browser.js';

export class Layout {
  constructor(readonly page: Page) {}

  async open(path: string): Promise<Response> {
    return goto(this.page, path);
  }

  lang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  dir(): Promise<string | null> {
    return this.page.locator('html').getAttribute('dir');
  }

  get heading(): Locator {
    return this.page.locator('main h1');
  }

  /** The message shown once after an action (role=status at the top of main). */
  get flash(): Locator {
    return this.page.locator('main > .alert[role="status"]');
  }

  get languageSwitch(): Locator {
    return this.page.locator('header .ponte-languages');
  }

  languageLink(code: string): Locator {
    return this.languageSwitch.locator(`a[hreflang="${code}"]`);
  }

  /** The language switch in the header: back to the same page, in that language. */
  async switchLanguage(code: string): Promise<Response> {
    return navigation(this.page, () => this.languageLink(code).click());
  }

  get mainNavigation(): Locator {
    return this.page.locator('header .ponte-nav nav');
  }

  /** The texts of the main navigation's links, in order (empty when signed out). */
  async navigationItems(): Promise<string[]> {
    return (await this.mainNavigation.locator('a.nav-link').allInnerTexts()).map((s) => s.trim());
  }

  async openNavigation(href: string): Promise<Response> {
    return navigation(this.page, () => this.mainNavigation.locator(`a[href="${href}"]`).click());
  }

  get loginLink(): Locator {
    return this.page.locator('header a[href="/login"]');
  }

  get signedInAs(): Locator {
    return this.page.locator('header a[href="/account"]');
  }

  async signOut(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('header form[action="/logout"] button[type="submit"]').click());
  }
}
