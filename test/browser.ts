/**
 * Real headless Chromium for the browser tests, driven by playwright-core with Debian's
 * `chromium` package (no browser download: `.ci/run` installs it with apt-get when missing).
 *
 * The executable is `CHROMIUM_PATH`, else `/usr/bin/chromium`. Where it is missing, the browser
 * suites are skipped with ONE line on stderr that starts with `[loa] browser tests SKIPPED`
 * (greppable). Under CI (`CI` set, as `.ci/run` does) or with `LOA_REQUIRE_CHROMIUM=1`, a missing
 * Chromium fails the run instead. Screenshots go to `test-artifacts/` (git-ignored).
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a closed network and a container (PLATFORM-NOTES: Browser tests). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Where screenshots are saved (git-ignored). */
export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');

/** The phone viewport of the issue (staff open links from Zalo and Telegram). */
export const PHONE = { width: 390, height: 844 } as const;

function probe(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch (error) {
    return `${CHROMIUM_PATH} is not an executable (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

const reason = probe();
const required = (Boolean(process.env.CI) && process.env.CI !== 'false') || process.env.LOA_REQUIRE_CHROMIUM === '1';
if (reason && required) {
  throw new Error(`Chromium is required here (CI or LOA_REQUIRE_CHROMIUM=1) but ${reason}; install it with: apt-get install -y chromium`);
}
if (reason) {
  // One line per run, not per file: the first file to find it missing leaves a marker.
  const marker = join(tmpdir(), `loa-chromium-skipped-${process.ppid}`);
  if (!existsSync(marker)) {
    writeFileSync(marker, reason);
    console.warn(`[loa] browser tests SKIPPED: ${reason}; install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
}

/** True when the browser suites must be skipped. */
export const noChromium = reason !== undefined;

/** A running browser: a persistent context over a fresh user-data dir, removed on close. */
export interface Browser {
  context: BrowserContext;
  /** A new page, optionally with a viewport (e.g. {@link PHONE}). */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh user-data dir. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'loa-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return {
    context,
    async page(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `test-artifacts/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^a-zA-Z0-9_-]/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
