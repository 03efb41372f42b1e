/**
 * The report in a real browser: Debian's Chromium driven by playwright-core
 * (which downloads nothing). Without Chromium this file fails on CI (.ci/run
 * installs it) and is skipped, with a message, elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { run, type RunReport } from '../src/pipeline.js';
import { renderReport } from '../src/write/report/index.js';
import type { ReportData, ReportJob } from '../src/write/report/data.js';
import { folderOf, ROOT } from './helpers.js';

function findChromium(): string | undefined {
  // named on purpose: that one or none (so CHROMIUM_PATH=/nowhere shows what a machine without Chromium does)
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not this one
    }
  }
  return ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((file) => existsSync(file));
}

const CHROMIUM = findChromium();
const ON_CI = Boolean(process.env.CI);
const MISSING =
  'Chromium not found (looked for chromium, chromium-browser, google-chrome on PATH, and CHROMIUM_PATH). ' +
  'Install it with `apt-get install -y --no-install-recommends chromium` (as .ci/run does) or set CHROMIUM_PATH.';
if (!CHROMIUM && !ON_CI) console.warn(`report-browser.test.ts skipped: ${MISSING}`);

/** The screenshot in the README is rewritten only on request: `UPDATE_SCREENSHOT=1 npx vitest run test/report-browser.test.ts`. */
const SCREENSHOT = process.env.UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'report.png') : path.join(os.tmpdir(), 'jobmap-report.png');

describe.skipIf(!CHROMIUM && !ON_CI)('report.html in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const cards = () => page.locator('article.card').count();
  const status = () => page.textContent('#status');

  async function open(file: string): Promise<void> {
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) errors.push(`fetched ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('article.card');
  }

  beforeAll(async () => {
    // on CI a missing browser is a failure, never a skip
    if (!CHROMIUM) throw new Error(MISSING);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('on samples/', () => {
    let report: RunReport;
    /** every job is a card: no stage of the samples has more than the 20 a column draws at first */
    let total: number;
    beforeAll(async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-browser-'));
      report = await run({ input: path.join(ROOT, 'samples'), outDir: out });
      total = report.jobMap.stages.reduce((sum, stage) => sum + stage.jobs.length, 0);
      expect(Math.max(...report.jobMap.stages.map((stage) => stage.jobs.length))).toBeLessThanOrEqual(20);
      await open(path.join(out, 'report.html'));
    });

    it('draws every candidate job as a card in its stage column, with no error and no request', async () => {
      expect(await page.locator('section.stage > h2').allTextContents()).toEqual(report.jobMap.stages.map((stage) => `${stage.id.replace('_', ' ')} (${stage.jobs.length})`));
      expect(await cards()).toBe(total);
      expect(await status()).toBe(`Showing ${total} jobs of ${total}.`);
      const dollar = page.locator('article.card').filter({ has: page.locator('h3', { hasText: /^know where every dollar goes$/ }) });
      await expect.poll(() => dollar.locator('.source').first().textContent()).toBe('01-budgeting-app-switch.txt:60 \u00b7 Participant');
      expect(await dollar.locator('.meta').textContent()).toContain('by segment: engaged 1');
      await page.screenshot({ path: SCREENSHOT });
      expect(errors).toEqual([]);
    });

    it('narrows the cards with the search box and each filter', async () => {
      // every word, anywhere on the card: statement, quotes, cues
      await page.fill('#search', 'Dollar  goes');
      await expect.poll(cards).toBeLessThan(total);
      const found = await page.locator('article.card h3').allTextContents();
      expect(found).toContain('know where every dollar goes');
      await page.click('#clear');
      expect(await cards()).toBe(total);

      await page.selectOption('#segment', 'churned');
      const churned = await cards();
      expect(churned).toBeGreaterThan(0);
      expect(churned).toBeLessThan(total);
      for (const meta of await page.locator('article.card .meta').allTextContents()) expect(meta).toContain('churned');

      await page.selectOption('#segment', '');
      await page.selectOption('#participant', { label: '01-budgeting-app-switch (engaged)' });
      const hers = await cards();
      expect(hers).toBeGreaterThan(0);
      // a job she shares with others may show another participant's quote first; one of hers is on a card
      const sources = await page.locator('article.card blockquote .source').allTextContents();
      expect(sources.some((source) => /^01-budgeting-app-switch\.txt:/.test(source))).toBe(true);

      await page.selectOption('#participant', '');
      await page.selectOption('#category', 'triggers');
      const withTriggers = await cards();
      expect(withTriggers).toBeGreaterThan(0);
      expect(withTriggers).toBeLessThan(total);
      expect(await page.locator('article.card details', { hasText: /\d+ triggers?/ }).count()).toBe(withTriggers);

      await page.fill('#min-support', '99');
      await expect.poll(cards).toBe(0);
      expect(await page.locator('p.empty').count()).toBe(5);
      expect(await status()).toBe(`Showing 0 jobs of ${total} (filters on).`);
      await page.click('#clear');
      expect(await cards()).toBe(total);
    });

    it("works from the keyboard: filters in order, visible focus, Enter on buttons and on a card's evidence", async () => {
      await page.reload();
      await page.waitForSelector('article.card');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
      await page.keyboard.type('mattress');
      await expect.poll(cards).toBeLessThan(total);
      const order: string[] = [];
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab');
        order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      }
      expect(order).toEqual(['category', 'dimension', 'segment', 'participant', 'min-support', 'clear']);
      await page.keyboard.press('Enter');
      await expect.poll(cards).toBe(total);
      expect(await page.inputValue('#search')).toBe('');

      const summary = page.locator('article.card details summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('article.card details').first().getAttribute('open')).toBe('');
    });

    it('prints without the filters, the stages one after another', async () => {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('form.filters').isVisible()).toBe(false);
      expect(await page.evaluate(() => getComputedStyle(document.getElementById('journey')!).display)).toBe('block');
      await page.emulateMedia({ media: 'screen' });
    });
  });

  it('draws the switch model as a timeline in time order, with the forces toward and against the switch', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-browser-'));
    await run({ input: path.join(ROOT, 'samples'), outDir: out, config: { ...defaultConfig(), stages: { value: 'switch' } }, cacheDir: false });
    await open(path.join(out, 'report.html'));
    expect(await page.locator('#timeline').isVisible()).toBe(true);
    expect(await page.locator('#timeline li.step h3').allTextContents()).toEqual([
      'old solution',
      'first thought',
      'passive looking',
      'active looking',
      'deciding',
      'consuming',
      'satisfaction',
    ]);
    expect(await page.locator('#timeline section.force h4').allTextContents()).toEqual([
      expect.stringMatching(/^Push \(\d+\)$/),
      expect.stringMatching(/^Pull \(\d+\)$/),
      expect.stringMatching(/^Anxiety \(\d+\)$/),
      expect.stringMatching(/^Habit \(\d+\)$/),
    ]);
    expect(await page.locator('#timeline section.force.push li', { hasText: 'the bank charged us an overdraft fee' }).locator('.source').textContent()).toBe(
      'first thought · 01-budgeting-app-switch.txt:16 · Participant',
    );
    if (process.env.UPDATE_SCREENSHOT) {
      // the filter bar stays on top of the page as it scrolls; out of the way for the picture
      await page.evaluate(() => {
        document.getElementById('filters')!.style.position = 'static';
      });
      await page.locator('#timeline').screenshot({ path: path.join(ROOT, 'docs', 'report-switch.png') });
    }
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#timeline').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });

  it("shows a transcript's <script> as text, and runs none of it", async () => {
    const input = folderOf({
      'x.txt': 'Interviewer: What happened?\nParticipant: I was trying to get <script>pwned = 1</script> <img src=x onerror="pwned = 2"> into the invoices.\n',
    });
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-browser-'));
    await run({ input, outDir: out, cacheDir: false });
    await open(path.join(out, 'report.html'));
    expect(await page.locator('article.card blockquote').first().textContent()).toContain('<script>pwned = 1</script> <img src=x onerror="pwned = 2">');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('article.card script, article.card img').count()).toBe(0);
  });

  it('draws a long stage 20 cards at a time; "show more" brings the next and moves focus to the first of them', async () => {
    const job = (i: number): ReportJob => ({
      id: `job.task-${i}`,
      stage: 0,
      statement: `finish task ${i}`,
      dimension: 'functional',
      participants: 100 - i,
      mentions: 100 - i,
      transcripts: [0],
      quotes: [[0, 0, 'P']],
      cues: {},
    });
    const data: ReportData = {
      model: 'journey',
      stages: [{ id: 'use', description: '' }],
      counts: { transcripts: 1, findings: 45, jobs: 45 },
      cueKinds: [['pains', 'Pains', 'pain', 'pains']],
      transcripts: [{ id: 'a', file: 'a.txt' }],
      minSupport: 1,
      jobs: Array.from({ length: 45 }, (_, i) => job(i)),
      sentences: [['I finish tasks.', 'a.txt:2', '']],
    };
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jobmap-browser-')), 'report.html');
    writeFileSync(file, renderReport(data));
    await open(file);
    expect(await cards()).toBe(20);
    const more = page.locator('button.more');
    expect(await more.textContent()).toBe('Show 20 more (25 not shown)');
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await cards()).toBe(40);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('finish task 20');
    // printing shows every matching card, then the screen is as it was
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await cards()).toBe(45);
    expect(await page.locator('article.card details[open]').count()).toBe(45);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await cards()).toBe(40);
    await page.locator('button.more').click();
    expect(await cards()).toBe(45);
    expect(await page.locator('button.more').count()).toBe(0);
  });
});
