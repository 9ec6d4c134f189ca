/**
 * Starts the real browser host (`tsx main/core/browser-host/cli.ts`) on a fresh data folder, as
 * `npm run start:web` does, and gives its launch URL to the test.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningApp {
  url: string;
  dataDir: string;
  /** Stops the host; the data folder is removed unless kept (a test that starts the app on it again). */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

/** The browser host on a new data folder, or on `dataDir` (a folder a stopped app kept). */
export async function startApp(
  args: string[] = [],
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-e2e-')),
): Promise<RunningApp> {
  const child: ChildProcess = spawn('npx', ['tsx', 'main/core/browser-host/cli.ts', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The app did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /RestoreAssist Desk is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`The app exited (${code}):\n${output}`)));
  });
  return {
    url,
    dataDir,
    async stop({ keepDataDir = false } = {}) {
      // The host is npx -> tsx -> node, in its own process group. npx can exit before node has
      // finished shutting down (its last writes: demo-ascora.json, the log), and removing the
      // folder under those writes fails with ENOTEMPTY. So: SIGTERM the whole group, wait for our
      // child's exit, then until no process of the group is left; only then remove the folder.
      const exited =
        child.exitCode === null && child.signalCode === null
          ? new Promise((resolve) => child.once('exit', resolve))
          : null;
      signalGroup(child.pid!, 'SIGTERM');
      await exited;
      if (!(await groupGone(child.pid!, 15_000))) {
        signalGroup(child.pid!, 'SIGKILL');
        await groupGone(child.pid!, 5_000);
      }
      if (!keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True once no process is left in the group (signal 0 only asks whether any exists). */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
      throw error;
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** axe over the page as it is: no serious or critical accessibility problem, each named with its screen. */
export async function expectNoSeriousA11yProblems(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** The rule sets the screens are held to: WCAG 2.0 and 2.1, A and AA, and axe's best practices. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * The one best practice left out: a record's panel is an <aside> beside its list inside <main>
 * (ARIA allows a complementary landmark there; the rule wants every one at the top level, which
 * would take the open record out of the main content the skip link goes to).
 */
const A11Y_RULES_LEFT_OUT = ['landmark-complementary-is-top-level'];

/** axe over the page as it is: no problem at all, of any impact, under A11Y_TAGS. */
export async function expectNoA11yProblems(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(A11Y_TAGS).disableRules(A11Y_RULES_LEFT_OUT).analyze();
  expect(
    results.violations.map(
      (v) => `${screen}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

/** Types a day (`YYYY-MM-DD`) into a DayField (renderer/src/components/Field.tsx) by its label, as a person would: dd, mm, yyyy. */
/**
 * Adds a note in an open job's panel and waits for it in the list of notes (until it is added, its
 * text is in the note box, where getByText would find it too).
 */
export async function addNote(detail: Locator, text: string): Promise<void> {
  await detail.getByRole('textbox', { name: 'New note' }).fill(text);
  await detail.getByRole('button', { name: 'Add note' }).click();
  await expect(
    detail.getByRole('region', { name: 'Notes' }).getByRole('listitem').filter({ hasText: text }),
  ).toBeVisible();
}

export async function fillDay(scope: Pick<Page, 'getByRole'>, label: string, day: string): Promise<void> {
  const [year, month, date] = day.split('-');
  const field = scope.getByRole('group', { name: label });
  await field.getByRole('spinbutton').first().click();
  await field.page().keyboard.type(`${date}${month}${year}`);
}

/**
 * The first start's question on Today ("Before you start": your name, the office's time zone),
 * skipped as a person would with its Skip button: the one place the shared helpers answer it, so
 * their screens and screenshots are an office's everyday ones. Waits for it: a fresh data folder
 * always asks.
 */
export async function skipFirstStart(page: Page): Promise<void> {
  const firstStart = page.getByRole('form', { name: 'Before you start' });
  await firstStart.getByRole('button', { name: 'Skip' }).click();
  await expect(firstStart).toBeHidden();
}

/** Presses Tab (or Shift+Tab) until the target has the focus: the keyboard's way there, whatever lies between. */
export async function tabTo(page: Page, target: Locator, options: { back?: boolean } = {}): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/**
 * A call on the contract as the window makes it (POST /api/invoke/<channel> with the launch
 * token): for a test's set-up only; what a person sees is checked on the page.
 */
export async function invokeApi<T>(app: RunningApp, channel: string, input: unknown = {}): Promise<T> {
  const url = new URL(app.url);
  const token = /token=([A-Za-z0-9]+)/.exec(url.hash)![1]!;
  const response = await fetch(new URL(`/api/invoke/${channel}`, url.origin), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.value as T;
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
