import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { consoleModule } from '../apps/embedded/src/console-static.js';
import { axeViolations, buildConsole, launchChromium, screenshot } from './support/browser.js';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * The console in Debian's Chromium against the embedded platform, as a treasurer uses it on
 * deadline night: sign in with a key, watch donations posted through the API appear on the
 * dashboard, decide a flagged donation from the review queue, download a filing and find it
 * byte for byte what the API serves, and see that an intake key is refused the officers'
 * pages. Every page passes axe-core's WCAG 2.2 A/AA rules; screenshots go to test-output/console.
 */
const COMMITTEE = 'console-cmte';
const CAMPAIGN = 'console-spring';
const WAIT_MS = 20_000;

describe('the console in a real browser (embedded platform, Chromium)', () => {
  let platform: EmbeddedPlatform;
  let browser: Browser;
  let consoleDir: string;
  let admin: ReturnType<typeof apiAs>;
  let intake: ReturnType<typeof apiAs>;
  let keys: { officer: string; intake: string; auditor: string };

  const donate = async (donationId: string, amountMinor: number, name: string, payment: Record<string, string> = {}) => {
    const reply = await intake('POST', `/v1/campaigns/${CAMPAIGN}/donations`, {
      donationId, amountMinor, currency: 'USD',
      donor: { type: 'individual', name, address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, occupation: 'Teacher', employer: 'School', attestations: { usCitizenOrPermanentResident: true } },
      payment: { method: 'card', pspReference: `ch_${donationId}`, ...payment },
    }, { 'idempotency-key': randomUUID() });
    expect(reply.status).toBe(202);
  };

  const signIn = async (context: BrowserContext, key: string, checkSignInPage = false): Promise<Page> => {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    // What the page itself reports goes to the test's output: a failure then says why.
    page.on('pageerror', (error) => process.stderr.write(`console page error: ${error.message}\n`));
    page.on('console', (message) => message.type() === 'error' && process.stderr.write(`console page: ${message.text()}\n`));
    await page.goto(`${platform.url}/console/`);
    if (checkSignInPage) await accessible(page, 'sign-in');
    // By keyboard: the key field has a label, and Enter submits.
    await page.getByLabel('API key').fill(key);
    await page.getByLabel('API key').press('Enter');
    await page.getByTestId('tenant').waitFor();
    return page;
  };
  const openWorkspace = async (page: Page) => {
    await page.getByLabel('Committee', { exact: true }).fill(COMMITTEE);
    await page.getByLabel('Campaign', { exact: true }).fill(CAMPAIGN);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
  };
  const accessible = async (page: Page, name: string) => {
    await screenshot(page, name);
    expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
  };

  beforeAll(async () => {
    consoleDir = await mkdtemp(join(tmpdir(), 'hustings-console-'));
    buildConsole(consoleDir);
    platform = await startEmbedded({ PII_MASTER_KEY: randomBytes(32).toString('base64') }, undefined, [consoleModule(consoleDir)]);
    const store = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    keys = {
      officer: (await store.issue('default', ['officer'], 'treasurer')).key,
      intake: (await store.issue('default', ['intake'], 'donation form')).key,
      auditor: (await store.issue('default', ['auditor'], 'auditor')).key,
    };
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    intake = apiAs(platform.url, keys.intake);
    expect((await admin('POST', '/v1/committees', {
      committeeId: COMMITTEE, name: 'Console for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2026-11-03' }], defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: CAMPAIGN, committeeId: COMMITTEE, name: 'Spring', currency: 'USD' })).status).toBe(201);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await rm(consoleDir, { recursive: true, force: true });
  }, 60_000);

  it('lets a treasurer watch donations arrive, decide a flagged one and download a filing the API would serve', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await signIn(context, keys.officer);
    expect(await page.getByTestId('roles').textContent()).toBe('officer');
    expect(await page.evaluate('[window.localStorage.length, window.location.href.includes("hk_"), Object.keys(window.sessionStorage).length > 0]')).toEqual([0, false, true]);
    await openWorkspace(page);
    await page.getByTestId('donation-count').filter({ hasText: /^0$/ }).waitFor();
    await accessible(page, 'dashboard-empty');

    // Deadline night: donations come in through the API while the dashboard is open.
    await donate('con-ada', 25_000, 'Ada Lovelace');
    await page.getByTestId('donation-count').filter({ hasText: /^1$/ }).waitFor();
    expect(await page.getByTestId('raised').textContent()).toBe('$250.00');
    const card = { instrumentFingerprint: 'fp_console_card' };
    await donate('con-split-1', 19_000, 'Ann Able', card);
    await donate('con-split-2', 19_000, 'Ben Baker', card);
    await donate('con-split-3', 19_000, 'Cat Cole', card);
    await page.getByTestId('donation-count').filter({ hasText: /^4$/ }).waitFor();
    expect(await page.getByTestId('raised').textContent()).toBe('$820.00');
    // The split on one card is flagged for a human, not refused: compliance accepted all four.
    await page.getByTestId('outcome-accepted').filter({ hasText: /^4$/ }).waitFor();
    expect(await page.getByTestId('outcome-rejected').textContent()).toBe('0');
    await accessible(page, 'dashboard');

    // The donations list: all four, then only what counts for $200.00 or more.
    await page.getByRole('link', { name: 'Donations' }).click();
    await page.getByTestId('donation-total').filter({ hasText: /^4$/ }).waitFor();
    await page.getByLabel(/^Smallest amount/).fill('200');
    await page.getByLabel(/^Smallest amount/).press('Enter');
    await page.getByTestId('donation-total').filter({ hasText: /^1$/ }).waitFor();
    expect(await page.getByRole('table').getByRole('link').allTextContents()).toEqual(['con-ada']);
    await accessible(page, 'donations');

    // The review queue: the split on one card is flagged; the officer clears it with a reason.
    await eventually('the split is flagged', () => apiAs(platform.url, keys.officer)('GET', `/v1/committees/${COMMITTEE}/review-queue`), (r) => JSON.stringify(r.body).includes('con-split-3'));
    await page.getByRole('link', { name: 'Review queue' }).click();
    const row = page.getByTestId('queue-con-split-3-structuring');
    await row.waitFor();
    await accessible(page, 'review-queue');
    await row.getByRole('button', { name: /Decide/ }).click();
    await page.getByLabel('Decision').selectOption('approve');
    await page.getByLabel(/^Reason/).fill('three different people confirmed sharing a family card');
    await accessible(page, 'review-decision-form');
    await page.getByRole('button', { name: 'Record decision' }).press('Enter');
    const recorded = await page.getByTestId('recorded').textContent();
    const review = await apiAs(platform.url, keys.officer)('GET', '/v1/donations/con-split-3/review');
    const decisions = review.body.decisions as { type: string; eventId: string; reason: string }[];
    expect(decisions).toHaveLength(1);
    expect(recorded).toContain(decisions[0].type);
    expect(recorded).toContain(decisions[0].eventId);
    expect(decisions[0].reason).toBe('three different people confirmed sharing a family card');
    await row.waitFor({ state: 'detached' });

    // The donation page: its ledger history as a timeline, with the decision.
    await page.goto(`${platform.url}/console/#/donations/con-split-3`);
    await page.getByRole('list', { name: 'Ledger history' }).getByText('DonationReceived').waitFor();
    await page.getByText(decisions[0].type).first().waitFor();
    // The donation's stream (received, accepted) and its review's (suspected, cleared), every hash recomputed.
    const verdict = page.getByTestId('chain-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Hash chain verifies: donation-con-split-3 \(\d+ of \d+ events checked\); review-con-split-3 \(2 of 2 events checked\)$/);
    await accessible(page, 'donation');

    // Filings: Schedule A for the year, previewed, then downloaded as CSV and JSON.
    await page.getByRole('link', { name: 'Filings' }).click();
    await page.getByLabel('Report').selectOption('fec-schedule-a');
    await page.getByLabel(/^From/).fill('2026-01-01');
    await page.getByLabel(/^To/).fill('2027-01-01');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table').getByText('con-ada').first().waitFor();
    await accessible(page, 'filings');
    const path = `/v1/committees/${COMMITTEE}/reports/fec-schedule-a?from=2026-01-01&to=2027-01-01`;
    for (const [format, accept] of [['csv', 'text/csv'], ['json', 'application/json']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download ${format.toUpperCase()}` }).click()]);
      const downloaded = await readFile(await download.path());
      const served = Buffer.from(await (await fetch(`${platform.url}${path}&format=${format}`, { headers: { authorization: `Bearer ${keys.officer}`, accept } })).arrayBuffer());
      expect(downloaded.length).toBeGreaterThan(0);
      expect(downloaded.equals(served)).toBe(true);
    }
    await context.close();
  }, 120_000);

  it('shows an intake key no officer page, and the API\'s 403 as such when one is opened anyway', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await signIn(context, keys.intake, true);
    await openWorkspace(page);
    // Reloaded, the tab keeps its sign-in; the first Tab stop skips to the content.
    await page.reload();
    await page.getByTestId('tenant').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'Dashboard' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Dashboard', 'Donations', 'Filings']);
    await page.goto(`${platform.url}/console/#/review`);
    const refusal = page.getByRole('alert').filter({ hasText: 'Forbidden' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('403');
    await accessible(page, 'review-as-intake-forbidden');
    await context.close();
  }, 60_000);

  it('lets an auditor export an audit bundle and an admin issue a key, each page accessible', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const auditor = await signIn(context, keys.auditor);
    await openWorkspace(auditor);
    await auditor.goto(`${platform.url}/console/#/audit`);
    await auditor.getByRole('button', { name: 'Export' }).click();
    await auditor.getByRole('heading', { name: 'Latest seal' }).waitFor();
    await accessible(auditor, 'audit');
    await auditor.goto(`${platform.url}/console/#/rewards`);
    await auditor.getByRole('heading', { name: 'Tiers' }).waitFor();
    await accessible(auditor, 'rewards');
    await auditor.getByRole('button', { name: 'Sign out' }).click();

    const page = await signIn(context, TEST_ADMIN_KEY);
    await page.goto(`${platform.url}/console/#/admin`);
    await page.getByLabel('Label (whose key it is)').fill('night-shift officer');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const issued = await page.getByTestId('issued-key').textContent();
    expect((await apiAs(platform.url, issued ?? '')('GET', '/v1/session')).body).toMatchObject({ tenantId: 'default', roles: ['officer'] });
    await accessible(page, 'admin');
    await context.close();
  }, 60_000);

  it('serves the console at /console with a strict content policy, and nothing outside its folder', async () => {
    const page = await fetch(`${platform.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${platform.url}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    expect((await fetch(`${platform.url}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${platform.url}/console/%2e%2e/package.json`)).status).toBe(404);
    expect([400, 404]).toContain((await fetch(`${platform.url}/console/%E0`)).status);
  });
});
