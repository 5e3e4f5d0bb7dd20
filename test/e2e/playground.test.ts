/**
 * The demo in a real Teams client: `npm run demo` starts the bot and the Microsoft 365 Agents
 * Playground; headless Chromium, driven by Playwright like a person, sees the morning list,
 * asks about Ava Nine, logs a call from her card and sees the card change, drafts a letter and
 * opens its one-time link (which then refuses a second use); then, as the DSL,
 * acknowledges her safeguarding flag. The screenshots in the README are taken here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';
import { dropDatabase, databaseUrl } from '../support/db.ts';
import { openDb } from '../../src/adapters/db/client.ts';
import { appDeps } from '../../src/compose.ts';
import { evaluateRoll } from '../../src/app/roll.ts';

const CHROMIUM = '/usr/bin/chromium';
const DB = `att_playground_${process.pid}`;
const AS_OF = '2025-02-26';
const shots = join(ROOT, 'test', 'screenshots');
let browser: Browser;
const demos: ChildProcess[] = [];

/** The local addresses listening on a TCP port (from /proc/net/tcp and tcp6, in the kernel's hex). */
function listeningOn(port: number): string[] {
  const out: string[] = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addr, hexPort] = (cols[1] ?? '').split(':');
      if (cols[3] === '0A' && hexPort && parseInt(hexPort, 16) === port) out.push(addr!);
    }
  }
  return out;
}
/** 127.0.0.1, as IPv4 or IPv4-mapped IPv6, or ::1. */
const isLoopback = (hex: string) => hex === '0100007F' || hex === '0000000000000000FFFF00000100007F' || hex === '00000000000000000000000001000000';

/** Starts `npm run demo` and resolves when the morning posts are in the Playground. */
function startDemo(as: string, port: number, playgroundPort: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'demo', '--', '--as', as, '--as-of', AS_OF, '--port', String(port), '--playground-port', String(playgroundPort)], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl(DB) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    demos.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the demo did not come up:\n${out}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Teams (Microsoft 365 Agents Playground): open')) { clearTimeout(timer); resolve(child); }
    });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the demo exited (${code}):\n${out}`)); });
  });
}

async function openPlayground(port: number): Promise<Page> {
  for (let i = 0; ; i++) {
    if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) break;
    if (i > 120) throw new Error(`the Playground did not answer on ${port}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // only ever 127.0.0.1: the Playground listens on every interface
  await page.goto(`http://127.0.0.1:${port}`, { waitUntil: 'networkidle' });
  return page;
}

async function ask(page: Page, text: string) {
  await page.getByRole('textbox').last().click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
  await dropDatabase(DB);
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const d of demos) { try { process.kill(-d.pid!, 'SIGTERM'); } catch { /* gone */ } }
  await new Promise((r) => setTimeout(r, 1500));
  await dropDatabase(DB);
});

/** A test that starts the demo, the Playground and a browser: generous, so it holds on a busy machine. */
const BROWSER_TEST_MS = 180_000;

/** Words inside the rendered cards' tables that the renderer broke across two lines. */
function brokenWords(page: Page): Promise<{ looked: number; broken: string[] }> {
  return page.evaluate(() => {
    const broken: string[] = [];
    let looked = 0;
    for (const cell of Array.from(document.querySelectorAll('.ac-table-cell, [role="cell"], [role="columnheader"], td, th'))) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const re = /\S+/g;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          looked++;
          const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return { looked, broken };
  });
}

describe('the demo in the Microsoft 365 Agents Playground', () => {
  it('shows the attendance officer the morning list, answers "attendance ava nine", and logs a call from the card', async () => {
    await startDemo('officer', 3988, 56160);
    const page = await openPlayground(56160);
    // the Playground and the bot listen on the loopback only: nobody else on the network can act as the officer
    expect(listeningOn(56160).length).toBeGreaterThan(0);
    expect(listeningOn(56160).every(isLoopback), listeningOn(56160).join(' ')).toBe(true);
    expect(listeningOn(3988).every(isLoopback), listeningOn(3988).join(' ')).toBe(true);
    await page.getByText('Unexplained absences: Wed 26 Feb AM').last().waitFor({ timeout: 30_000 });
    await expect.poll(async () => page.getByRole('button', { name: 'Call: Ava Nine' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'morning-list.png') });
    // no word of the list's table is broken across lines as the Teams renderer draws it
    // a list with the narrow columns (Attendance, Status) on a narrow window: no word broken
    await page.setViewportSize({ width: 760, height: 900 });
    await ask(page, 'attendance sa');
    await page.getByText(/Severe absence \(50% or more missed\)/).last().waitFor({ timeout: 20_000 });
    const words = await brokenWords(page);
    expect(words.looked).toBeGreaterThan(20);
    expect(words.broken).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    // at 1280 px, every kind of list a person can ask for, and the morning list above them: no
    // word of any table cell is broken across lines
    for (const [query, heading] of [['attendance pa', /Persistent absence/], ['attendance penalty', /penalty notice threshold/i], ['attendance year 9', /Year 9/], ['attendance steps', /steps due/i], ['attendance unresolved', /unresolved/i]] as const) {
      await ask(page, query);
      await page.getByText(heading).last().waitFor({ timeout: 20_000 });
    }
    const wide = await brokenWords(page);
    expect(wide.looked).toBeGreaterThan(words.looked);
    expect(wide.broken).toEqual([]);
    await page.screenshot({ path: join(shots, 'lists-1280.png') });

    await ask(page, 'attendance ava nine');
    await page.getByText('Ava Nine (DEMO9001)').last().waitFor({ timeout: 20_000 });
    expect(await page.getByText(/\d+\.\d% attendance/).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'pupil-card.png') });
    // her charts: the half terms against 90% and the school's levels, and absence by weekday
    const card = page.locator('.ac-adaptiveCard').last();
    if (await card.locator('svg').count() > 0) await card.locator('svg').first().scrollIntoViewIfNeeded();
    else await card.getByText(/^Attendance by half term: /).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'pupil-card-charts.png') });

    await page.getByRole('button', { name: 'Log a call' }).last().click();
    await page.getByText('Call about Ava Nine').last().waitFor({ timeout: 20_000 });
    // the form's own Note field (multi-line), not the chat's compose box
    await page.locator('.ac-adaptiveCard textarea').last().fill('Mum says temperature, back Thursday');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByText(/Call.*: reached a parent or carer.* — recorded by Asha Patel/).last().waitFor({ timeout: 20_000 });
    // the case timeline shows the note, and the card the contacts' phone numbers
    await page.locator('.ac-adaptiveCard').getByText(/“Mum says temperature, back Thursday”/).last().waitFor({ timeout: 20_000 });
    expect(await page.locator('.ac-adaptiveCard').getByText(/Kim Nine \(parent, parental responsibility\): 07700 9\d{5}/).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'call-logged.png') });

    // the charts: where the Playground draws Teams' chart elements, an <svg> in the card; where
    // it cannot, the chart's fallback, its figures in words; either way its figures are there
    const chartsOrFallbacks = async (title: string) => {
      const drawn = await page.locator('.ac-adaptiveCard svg').count();
      const words = await page.getByText(new RegExp(`^${title}: .*\\d`)).count();
      return { drawn, words };
    };
    await ask(page, 'attendance year 9');
    await page.getByText(/lowest attendance first/).last().waitFor({ timeout: 20_000 });
    const year = await chartsOrFallbacks('Pupils by attendance band');
    expect(year.drawn + year.words).toBeGreaterThan(0);
    writeFileSync(join(shots, 'charts-in-playground.txt'), `${year.drawn > 0 ? 'drawn' : 'fallback'}\n`);
    // from the top of its charts
    const yearCard = page.locator('.ac-adaptiveCard').last();
    if (year.drawn > 0) await yearCard.locator('svg').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'year-card.png') });
    await ask(page, 'attendance today');
    await page.getByText(/Your day: Wed 26 Feb/).last().waitFor({ timeout: 20_000 });
    await page.getByText(/Calls to make/).last().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'my-day.png') });

    // a letter due: "Draft letter" gives her the drafts as one-time links on a card of her own;
    // the Playground opens one, and the same link a second time (forwarded, say) is refused
    const db = openDb(databaseUrl(DB));
    let upn: string;
    try {
      const deps = appDeps(db);
      upn = (await evaluateRoll(deps, await deps.schools.load('demo'), AS_OF)).find((r) => r.due.some((d) => d.step.kind === 'letter'))!.pupil.upn;
    } finally {
      await db.close();
    }
    await ask(page, `attendance ${upn}`);
    await page.getByText(new RegExp(`\\(${upn}\\)`)).last().waitFor({ timeout: 20_000 });
    const downloads: string[] = [];
    page.context().on('request', (r) => { if (r.url().includes('/letters/download')) downloads.push(r.url()); });
    await page.getByRole('button', { name: /^Draft letter: / }).last().click();
    await page.getByText(/^Letters drafted: /).last().waitFor({ timeout: 30_000 });
    await page.getByText(/Each link works once, for you, and expires within half an hour/).last().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'letters-drafted.png') });
    await page.locator('.ac-adaptiveCard').last().getByText(/^Download: Word, to /).first().click();
    await expect.poll(() => downloads.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const audited = async () => {
      const check = openDb(databaseUrl(DB));
      try { return (await check.pool.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'letter.downloaded'`)).rows[0].n as number; } finally { await check.close(); }
    };
    await expect.poll(audited, { timeout: 20_000 }).toBe(1);
    expect((await fetch(downloads[0]!)).status).toBe(410);
    await page.close();
  }, BROWSER_TEST_MS);

  it('--slack-preview prints the Block Kit of each post with a Block Kit Builder link', async () => {
    const out = await new Promise<string>((resolve) => {
      const child = spawn('npm', ['run', '-s', 'demo', '--', '--slack-preview', '--as-of', AS_OF], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl(DB) } });
      let text = '';
      child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
      child.on('close', () => resolve(text));
    });
    expect(out).toContain('### Unexplained absences: Wed 26 Feb AM → C0DEMOATT');
    expect(out).toContain('### Safeguarding: Ava Nine (9A) → C0DEMODSL');
    expect(out).toContain('### Ava Nine (DEMO9001) → /attendance DEMO9001');
    // every kind of post the README names: the PA/SA changes (Cleo crosses into PA this
    // morning), the penalty threshold (Percy reaches it this morning) and the ladder steps
    expect(out).toContain('### Year 10: PA/SA changes Wed 26 Feb → C0DEMOY10');
    expect(out).toMatch(/"text": "Cleo Cusp"\s*\},\s*\{\s*"type": "raw_text",\s*"text": "10A"\s*\},\s*\{\s*"type": "raw_text",\s*"text": "entered PA"/);
    expect(out).toContain('### Penalty notice threshold reached: Wed 26 Feb → C0DEMOATT');
    expect(out).toContain('Percy Penn');
    expect(out).toMatch(/### Demo Academy: steps due Wed 26 Feb \(Attendance team\) → C0DEMOATT/);
    expect(out).toMatch(/Open in Block Kit Builder: https:\/\/app\.slack\.com\/block-kit-builder#%7B%22blocks%22/);
    // the new blocks: the pupil card's and the year card's charts, their tables, the weekly summary, my day
    expect(out).toContain('### Week ending Fri 14 Feb: attendance → C0DEMOSLT');
    expect(out).toContain('### Year 9 → /attendance year 9');
    expect(out).toContain('### Your day: Wed 26 Feb → /attendance today');
    expect(out).toContain('"type": "data_visualization"');
    expect(out).toContain('"type": "data_table"');
    expect(out).toContain('"type": "table"');
  }, BROWSER_TEST_MS);

  it('shows the DSL the safeguarding flag, and Acknowledge records who', async () => {
    await startDemo('dsl', 3989, 56161);
    const page = await openPlayground(56161);
    await page.getByText('Safeguarding: Ava Nine (9A)').last().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'safeguarding-flag.png') });
    await page.getByRole('button', { name: 'Acknowledge' }).last().click();
    // the DSL says what was done; the first choice is selected
    await page.getByText('What was done about this pupil?').last().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByText(/Acknowledged by Dana Lewis/).last().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'flag-acknowledged.png') });
    await page.close();
  }, BROWSER_TEST_MS);
});
