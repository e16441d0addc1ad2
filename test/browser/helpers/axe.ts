// expectAccessible(page): axe-core on the page as it is now, WCAG 2.0/2.1 A and AA rules. A violation of
// impact serious or critical fails the test, with every offending element printed; minor and moderate ones
// are printed as warnings.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Every page checked in this test file, "lang path", for the summary printed at the end. */
export const checkedPages: string[] = [];

function describe(violations: AxeViolation[]): string {
  return violations
    .map((v) =>
      [
        `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}`,
        `    ${v.helpUrl}`,
        ...v.nodes.map((n) => `    - ${n.target}\n      ${n.html.slice(0, 200)}\n      ${n.summary.replace(/\n/g, '\n      ')}`),
      ].join('\n'),
    )
    .join('\n');
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Injected as an inline <script>: allowed because the test contexts bypass the app's CSP (browser.ts).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    interface AxeNode {
      target: unknown[];
      html: string;
      failureSummary?: string;
    }
    interface AxeResult {
      id: string;
      impact?: string | null;
      help: string;
      helpUrl: string;
      nodes: AxeNode[];
    }
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> };
    };
    const results = await g.axe.run(g.document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary ?? '' })),
    }));
  }, AXE_TAGS);
}

export async function expectAccessible(page: Page, label = ''): Promise<void> {
  const violations = await axeViolations(page);
  const lang = await page.locator('html').getAttribute('lang');
  // One-time tokens in paths are masked, as in the app's logs.
  const path = new URL(page.url()).pathname.replace(/\/(reset|invitation)\/[^/]+/, '/$1/***');
  const where = `${lang} ${path}${label ? ` (${label})` : ''}`;
  checkedPages.push(where);
  const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  const other = violations.filter((v) => !FAILING_IMPACTS.has(v.impact ?? ''));
  if (other.length > 0) console.warn(`axe: minor/moderate accessibility problems on ${where}:\n${describe(other)}`);
  if (failing.length > 0) {
    throw new Error(`axe: ${failing.length} serious or critical accessibility violation(s) on ${where}:\n${describe(failing)}`);
  }
}
