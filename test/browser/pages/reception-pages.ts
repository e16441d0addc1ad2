// The reception module's pages: the register (upload and its list of bad lines), the occupancy figures, a
// centre, the inspectors' visit with its checklist and findings, a finding, the dashboard. Selectors use
// ids, names, hrefs and data attributes, never translated texts, so they work in every language.
import type { Locator, Response } from 'playwright-core';
import { navigation } from '../helpers/browser.js';
import { Layout } from './layout.js';

export class RegisterPage extends Layout {
  static readonly path = '/reception/register';

  /** Downloads the template (csv or xlsx) by its link, as the browser saves it. */
  async downloadTemplate(format: 'csv' | 'xlsx'): Promise<Buffer> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.locator(`main a[href="/reception/register?template=${format}"]`).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async upload(name: string, content: Buffer, options: { dryRun?: boolean } = {}): Promise<Response> {
    const form = this.page.locator('main form[action="/reception/register"]');
    await form.locator('input[name="register"]').setInputFiles({ name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream', buffer: content });
    if (options.dryRun) await form.locator('label[for="dryRun"]').click();
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  /** The bad lines listed after an upload: "line:problem". */
  problems(): Promise<string[]> {
    return this.page.locator('#register-problems tr[data-line]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-line')}:${r.getAttribute('data-problem')}`));
  }

  get outcome(): Locator {
    return this.page.locator('#register-outcome');
  }
}

export class OccupancyPage extends Layout {
  static readonly path = '/reception/occupancy';

  presenceDays(centreCode: string): Promise<string | null> {
    return this.page.locator(`main tr[data-centre="${centreCode}"] td[data-presence-days]`).getAttribute('data-presence-days');
  }
}

export class CentrePage extends Layout {
  documentRow(docType: string): Locator {
    return this.page.locator(`main tr[data-doc="${docType}"]`);
  }
}

export class VisitsPage extends Layout {
  static readonly path = '/reception/visits';

  async plan(centreId: string, kind: string, date: string, inspectorIds: string[]): Promise<Response> {
    const form = this.page.locator('main form[action="/reception/visits"]');
    await form.locator('select[name="centreId"]').selectOption(centreId);
    await form.locator('select[name="kind"]').selectOption(kind);
    await form.locator('input[name="plannedOn"]').fill(date);
    // Bootstrap Italia draws the box over the input: a person clicks the label.
    for (const id of inspectorIds) await form.locator(`label[for="inspectorIds-${id}"]`).click();
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }
}

export class VisitPage extends Layout {
  /** Answers the checklist: every item compliant unless named, with a note where given; then saves it. */
  async fillChecklist(options: { counted: number; exceptions: Record<string, { result: string; note?: string }>; complete: boolean }): Promise<Response> {
    const form = this.page.locator('main form[action$="/answers"]');
    await form.locator('input[name="countedPresent"]').fill(String(options.counted));
    const items = await form.locator('[data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item') ?? ''));
    for (const item of items) {
      const answer = options.exceptions[item] ?? { result: 'compliant' };
      await form.locator(`label[for="result_${item}_${answer.result}"]`).click();
      if (answer.note) await form.locator(`#note_${item}`).fill(answer.note);
    }
    if (options.complete) await form.locator('label[for="complete"]').click();
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  async recordFinding(f: { item: string; severity: string; description: string; action: string; days: number; photo: Buffer }): Promise<Response> {
    const form = this.page.locator('main form[action$="/findings"]');
    await form.locator('select[name="itemCode"]').selectOption(f.item);
    await form.locator('select[name="severity"]').selectOption(f.severity);
    await form.locator('input[name="description"]').fill(f.description);
    await form.locator('input[name="actionRequired"]').fill(f.action);
    await form.locator('input[name="dueDays"]').fill(String(f.days));
    await form.locator('input[name="photo"]').setInputFiles({ name: 'regolamento.png', mimeType: 'image/png', buffer: f.photo });
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }

  findingRows(): Locator {
    return this.page.locator('main tr[data-finding]');
  }

  async planFollowUp(): Promise<Response> {
    return navigation(this.page, () => this.page.locator('main form[action$="/follow-up"] button').click());
  }

  async closeFinding(id: string): Promise<Response> {
    return navigation(this.page, () => this.page.locator(`main [data-verify="${id}"] form button`).click());
  }
}

export class FindingPage extends Layout {
  get status(): Locator {
    return this.page.locator('main .lead .badge[data-status]');
  }

  async answer(text: string, file: Buffer): Promise<Response> {
    const form = this.page.locator('main form[action$="/answer"]');
    await form.locator('input[name="response"]').fill(text);
    await form.locator('input[name="file"]').setInputFiles({ name: 'regolamento-tradotto.pdf', mimeType: 'application/pdf', buffer: file });
    return navigation(this.page, () => form.locator('button[type="submit"]').click());
  }
}

export class DashboardPage extends Layout {
  static readonly path = '/reception/dashboard';

  row(centreCode: string): Locator {
    return this.page.locator(`main tr[data-centre="${centreCode}"]`);
  }
}
