// Signing a demo account in through the pages, checking each page with axe on the way.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../seeds/demo.js';
import { LoginPage } from '../pages/login-page.js';
import { SecondFactorPage } from '../pages/second-factor-page.js';
import { expectAccessible } from './axe.js';
import { forgetLastTotpStep, type RunningPonte } from './server.js';

/** The code an authenticator app shows now for this secret. */
export function totpCode(secret: string = DEMO_TOTP_SECRET): Promise<string> {
  return generate({ secret });
}

export async function signInDemo(page: Page, ponte: RunningPonte, email: string): Promise<void> {
  await forgetLastTotpStep(ponte, email);
  const login = new LoginPage(page);
  expect((await login.goto()).status()).toBe(200);
  await expectAccessible(page, 'login');
  expect((await login.signIn(email, DEMO_PASSWORD)).status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe(SecondFactorPage.path);
  await expectAccessible(page, 'second factor');
  const secondFactor = new SecondFactorPage(page);
  expect((await secondFactor.submitCode(await totpCode())).status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/dashboard');
}
