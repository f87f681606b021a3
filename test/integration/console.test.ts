/**
 * The web console in a real browser: Debian's Chromium, driven headless by playwright-core (no browser
 * download), against a department service on the running network. A clerk verifies a real and a tampered
 * document (computed in the browser; only the fingerprint is sent), and watches a block arrive on the ledger
 * view. Screenshots are kept in `<GOVCHAIN_HOME>/screenshots/`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type Service, call, licenceBody, startService } from './service-support';
import { HOME, uniqueId } from './support';

/** Debian's package (`apt-get install chromium`, which npm test does); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(HOME, 'screenshots');

describe('web console in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let page: Page;
  const started: Service[] = [];
  let market: Service;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: npm test installs Debian's chromium package (apt-get)`);
    }
    market = await startService('market-regulation');
    started.push(market);
    mkdirSync(SHOTS, { recursive: true });
    // The page hashes the document with Web Crypto, which needs a secure origin: loopback is one, a
    // department's own host address (a network of separate hosts, npm run faults) is made one.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', `--unsafely-treat-insecure-origin-as-secure=${market.base}`],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${market.base}/`);
    await page.getByTestId('api-key').fill(market.key);
    await page.getByTestId('save-key').click();
    await page.getByTestId('key-state').filter({ hasText: 'as MarketRegulationMSP' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    for (const service of started) service.child.kill();
  });

  it('verifies a real document and refuses a tampered one, the document never sent', async () => {
    const id = uniqueId('BL-WEB');
    const document = `business licence ${id}\n`;
    const issued = await call(market, 'POST', '/v1/e-license/licences', {
      body: licenceBody(id, document),
      headers: { 'idempotency-key': uniqueId('web') },
    });
    expect(issued.status).to.equal(200);
    const sent: string[] = [];
    page.on('request', (request) => {
      sent.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    await page.goto(`${market.base}/#/verify`);
    await page.getByTestId('licence-id').fill(id);
    await page
      .getByTestId('document')
      .setInputFiles({ name: 'licence.txt', mimeType: 'text/plain', buffer: Buffer.from(document) });
    await page.getByTestId('verify').click();
    await page.getByTestId('verify-result').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.getByTestId('verdict').textContent()).to.equal('VALID');
    expect(await page.getByTestId('issuer').textContent()).to.equal('MarketRegulationMSP');
    expect(await page.getByTestId('history').locator('tr').count()).to.equal(1);
    await page.screenshot({ path: path.join(SHOTS, 'console-verify.png'), fullPage: true });

    await page.getByTestId('document').setInputFiles({
      name: 'licence.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(document.replace('business', 'busyness')),
    });
    await page.getByTestId('verify').click();
    await page.getByTestId('verdict').filter({ hasText: 'FINGERPRINT_MISMATCH' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'console-verify-tampered.png'), fullPage: true });
    expect(sent.join('\n')).to.not.include(document.trim());
  });

  it('shows a new block and its transaction on the ledger view as it arrives', async () => {
    await page.goto(`${market.base}/#/ledger`);
    await page.getByTestId('live').filter({ hasText: 'live' }).first().waitFor({ timeout: 20_000 });
    const before = Number(await page.getByTestId('height').textContent());
    expect(before).to.be.greaterThan(0);
    const id = uniqueId('BL-WEB');
    const issued = await call(market, 'POST', '/v1/e-license/licences', {
      body: licenceBody(id, id),
      headers: { 'idempotency-key': uniqueId('web') },
    });
    const tx = (issued.body as { transactionId: string }).transactionId;
    const row = page.locator(`tr[data-tx="${tx}"]`);
    await row.waitFor({ timeout: 30_000 });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(2)).to.deep.equal(['e-license', 'IssueLicense', 'MarketRegulationMSP', 'VALID']);
    expect(Number(await page.getByTestId('height').textContent())).to.be.greaterThan(before);
    await page.screenshot({ path: path.join(SHOTS, 'console-ledger.png'), fullPage: true });
    writeFileSync(path.join(SHOTS, 'README.txt'), 'Screenshots of the last console test run.\n');
  });
});
