import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { consoleModule } from '../apps/embedded/src/console-static.js';
import { EventStreams } from '../apps/reporting/src/dashboard/event-streams.js';
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
  // Chosen from the tenant's own lists (GET /v1/committees and /v1/campaigns), not typed; Enter opens.
  const openWorkspace = async (page: Page) => {
    await page.getByLabel('Committee', { exact: true }).locator(`option[value="${COMMITTEE}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Committee', { exact: true }).selectOption(COMMITTEE);
    await page.getByLabel('Campaign', { exact: true }).locator(`option[value="${CAMPAIGN}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Campaign', { exact: true }).selectOption(CAMPAIGN);
    await page.getByRole('button', { name: 'Open', exact: true }).press('Enter');
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
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: CAMPAIGN, committeeId: COMMITTEE, name: 'Spring', currency: 'USD' })).status).toBe(201);
    // A gift of $200.00 or more earns a mug: of the donations below, only Ada's.
    const mug = { tierId: 'mug', name: 'Campaign mug', thresholdKind: 'single', thresholdMinor: 20_000, rewardKind: 'item', fairMarketValueMinor: 1_200, stockLimit: 5 };
    expect((await admin('POST', `/v1/campaigns/${CAMPAIGN}/reward-tiers`, mug)).status).toBe(201);
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
    // Pushed by the event stream, with reporting's lag measured from its checkpoints: caught up once all four are in.
    await page.getByTestId('feed').filter({ hasText: /^live/ }).waitFor();
    await page.getByTestId('reporting-lag').filter({ hasText: 'Caught up (0 s, 0 events)' }).waitFor();
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
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('recorded');
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

    // Rewards: Ada's mug is granted; the officer records it shipped.
    await page.getByRole('link', { name: 'Rewards' }).click();
    const grant = page.getByRole('row').filter({ hasText: 'con-ada' });
    await grant.waitFor();
    await grant.getByLabel('Step').selectOption('shipped');
    await grant.getByRole('button', { name: /^Record/ }).click();
    // The Status cell, not the row: the row's step picker lists "shipped" from the start. The
    // console reads the list again until it shows what the ledger recorded.
    await page.getByRole('status').filter({ hasText: 'Recorded shipped' }).or(grant.getByRole('cell', { name: 'shipped', exact: true })).first().waitFor();
    await grant.getByRole('cell', { name: 'shipped', exact: true }).waitFor();
    const grants = await apiAs(platform.url, keys.officer)('GET', `/v1/campaigns/${CAMPAIGN}/reward-grants`);
    expect(grants.body.grants).toEqual([expect.objectContaining({ donationId: 'con-ada', status: 'shipped' })]);
    await accessible(page, 'rewards-officer');
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
    await openWorkspace(page);
    await page.goto(`${platform.url}/console/#/admin`);
    await page.getByRole('region', { name: `Campaign ${CAMPAIGN}` }).waitFor();
    await page.getByLabel('Label (whose key it is)').fill('night-shift officer');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const issued = await page.getByTestId('issued-key').textContent();
    expect((await apiAs(platform.url, issued ?? '')('GET', '/v1/session')).body).toMatchObject({ tenantId: 'default', roles: ['officer'] });
    // A campaign opened here is offered at the top at once, without typing its id.
    await page.getByLabel('Campaign id').fill('console-winter');
    await page.locator('#campaign-name').fill('Winter');
    await page.getByRole('button', { name: 'Open campaign' }).click();
    await page.getByRole('status').filter({ hasText: 'Campaign console-winter opened.' }).waitFor();
    await page.getByLabel('Campaign', { exact: true }).locator('option[value="console-winter"]').waitFor({ state: 'attached' });
    await accessible(page, 'admin');
    await context.close();
  }, 60_000);

  it('lists only the caller\'s committees and campaigns, a page at a time, and offers them in the console', async () => {
    const store = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    const otherAdmin = apiAs(platform.url, (await store.issue('elsewhere', ['admin'], 'another party')).key);
    expect((await otherAdmin('POST', '/v1/committees', {
      committeeId: 'console-other-cmte', name: 'Another Party', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'console-autumn', committeeId: COMMITTEE, name: 'Autumn', currency: 'USD' })).status).toBe(201);
    const officer = apiAs(platform.url, keys.officer);
    const committees = await officer('GET', '/v1/committees');
    expect(committees.status).toBe(200);
    const ids = (committees.body.items as { committeeId: string }[]).map((c) => c.committeeId);
    expect(ids).toContain(COMMITTEE);
    expect(ids).not.toContain('console-other-cmte');
    // One campaign a page, oldest first, each page linking to the next until the last says null.
    const seen: string[] = [];
    for (let path: string | null = `/v1/campaigns?committeeId=${COMMITTEE}&limit=1`; path !== null; ) {
      const page = await officer('GET', path);
      expect(page.body.items).toHaveLength(1);
      seen.push(...(page.body.items as { campaignId: string }[]).map((c) => c.campaignId));
      path = page.body.next as string | null;
    }
    expect(seen[0]).toBe(CAMPAIGN);
    expect(seen.at(-1)).toBe('console-autumn');
    expect(new Set(seen).size).toBe(seen.length);
    expect((await officer('GET', '/v1/campaigns')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ campaignId: 'console-autumn', committeeId: COMMITTEE })]));
    for (const [path, status] of [['/v1/campaigns?limit=0', 400], ['/v1/committees?after=x', 400], ['/v1/campaigns?committeeId=console-other-cmte', 404]] as const) {
      const refused = await officer('GET', path);
      expect([path, refused.status, refused.headers.get('content-type')]).toEqual([path, status, expect.stringMatching(/^application\/problem\+json/)]);
    }
    expect((await apiAs(platform.url, null)('GET', '/v1/committees')).status).toBe(401);

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await signIn(context, keys.officer);
    const committee = page.getByLabel('Committee', { exact: true });
    await committee.locator(`option[value="${COMMITTEE}"]`).waitFor({ state: 'attached' });
    const offered = await committee.locator('option').allTextContents();
    expect(offered).toContain(`Console for Congress (${COMMITTEE})`);
    expect(offered.join()).not.toContain('console-other-cmte');
    // By keyboard: focus the committee, choose, Tab to the campaign, choose, Tab to Open, Enter.
    await committee.focus();
    await committee.selectOption(COMMITTEE);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('ws-campaign');
    const campaign = page.getByLabel('Campaign', { exact: true });
    await campaign.locator('option[value="console-autumn"]').waitFor({ state: 'attached' });
    expect(await campaign.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Choose a campaign', `Spring (${CAMPAIGN})`, 'Autumn (console-autumn)']));
    await campaign.selectOption('console-autumn');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Campaign console-autumn' }).waitFor();
    await accessible(page, 'workspace-lists');
    await context.close();
  }, 60_000);

  it('streams the dashboard as server-sent events with the key in a header, ends streams clients leave, and falls back to polling', async () => {
    const streams = platform.app.get(EventStreams, { strict: false });
    const path = `${platform.url}/v1/campaigns/${CAMPAIGN}/dashboard/stream`;
    expect((await fetch(path)).status).toBe(401);
    const abort = new AbortController();
    const response = await fetch(path, { headers: { authorization: `Bearer ${keys.intake}` }, signal: abort.signal });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    const [, data] = /^event: dashboard\ndata: (.*)\n\n/.exec(text) ?? [];
    expect(JSON.parse(data)).toMatchObject({ campaignId: CAMPAIGN, totals: { donationCount: expect.any(Number) }, lag: { seconds: expect.any(Number), events: expect.any(Number) } });
    expect(streams.openCount).toBeGreaterThanOrEqual(1);
    abort.abort();
    await eventually('the stream the client left is closed', async () => streams.openCount, (open) => open === 0);

    // The JSON reading is the same as what a poll asks; another tenant's campaign is a 404.
    const reading = await apiAs(platform.url, keys.intake)('GET', `/v1/campaigns/${CAMPAIGN}/dashboard`);
    expect(reading.body).toMatchObject({ campaignId: CAMPAIGN, outcomes: { accepted: expect.any(Number) }, lag: { atLeast: false } });

    // A browser whose stream is cut by a proxy polls instead, and still sees donations arrive.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    await context.route('**/dashboard/stream', (route) => route.abort());
    const page = await signIn(context, keys.officer);
    await openWorkspace(page);
    await page.getByTestId('feed').filter({ hasText: /^polling/ }).waitFor();
    const before = Number(await page.getByTestId('donation-count').filter({ hasText: /^\d+$/ }).textContent());
    await donate('con-polled', 1_000, 'Pat Poll');
    await page.getByTestId('donation-count').filter({ hasText: new RegExp(`^${before + 1}$`) }).waitFor();
    await page.getByTestId('reporting-lag').filter({ hasText: /^(Caught up|\d+ s behind)/ }).waitFor();
    await accessible(page, 'dashboard-polling');
    await context.close();

    // A stream the API refuses is shown as the refusal, not retried by polling.
    const refused = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    await refused.route('**/dashboard/stream', (route) =>
      route.fulfill({ status: 403, contentType: 'application/problem+json', body: JSON.stringify({ status: 403, code: 'forbidden', title: 'Forbidden', detail: 'this key may not read the dashboard' }) }));
    const forbidden = await signIn(refused, keys.officer);
    await openWorkspace(forbidden);
    const alert = forbidden.getByRole('alert').filter({ hasText: 'Forbidden' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('403');
    expect(await forbidden.getByTestId('feed').textContent()).toBe('connecting…');
    await refused.close();
    await eventually('every browser stream is closed', async () => streams.openCount, (open) => open === 0);
  }, 90_000);

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
