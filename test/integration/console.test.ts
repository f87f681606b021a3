/**
 * The web console in a real browser: Debian's Chromium, driven headless by playwright-core (no browser
 * download), against department services on the running network. A clerk verifies a real and a tampered
 * document (computed in the browser; only the fingerprint is sent); a citizen follows a transfer to its
 * registration while Tax's work queue fills and empties; an auditor watches a tender's sealed bid be
 * committed, revealed and evaluated, with its evidence; a block arrives on the ledger view. The departments'
 * steps go through the client library; everything asserted is read from the page. Screenshots are kept in
 * `<GOVCHAIN_HOME>/screenshots/`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import {
  type GovchainConnection,
  bidRecordClient,
  bidderSigner,
  fingerprintBuffer,
  generateBidderKeyPair,
  realEstateClient,
  sealBid,
  signBidderKeyBinding,
  submit,
} from '@govchain/gateway-client';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';
import { type Service, call, licenceBody, startService } from './service-support';
import { HOME, connectAs, uniqueId } from './support';
import { holderTransient, newEnterpriseCode, newPerson } from './test-data';

/** Debian's package (`apt-get install chromium`, which npm test does); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(HOME, 'screenshots');

/** A document as a department holds it; the ledger only sees its SHA-256. */
const fp = (label: string): string => fingerprintBuffer(`%PDF-1.7\n${label}\n%%EOF\n`);

/**
 * Waits until the element reads exactly `expected` (the page updates it live); on timeout, fails with what
 * it reads instead.
 */
async function reads(locator: Locator, expected: string, timeout = 20_000): Promise<void> {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exactly = new RegExp(`^${escaped}$`);
  try {
    await locator.filter({ hasText: exactly }).waitFor({ timeout });
  } catch {
    expect(await locator.textContent(), `${locator.toString()} after ${timeout} ms`).to.equal(expected);
  }
}

/** The cells of a row, as the page shows them. */
async function cellsOf(row: Locator): Promise<string[]> {
  return row.locator('td').allTextContents();
}

describe('web console in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let page: Page;
  const started: Service[] = [];
  let market: Service;
  let tax: Service;
  const connections: GovchainConnection[] = [];

  /** A page of `service`'s console with its key saved, acting as `mspId`. */
  async function consoleOf(service: Service, mspId: string): Promise<Page> {
    const tab = await browser!.newPage({ viewport: { width: 1200, height: 800 } });
    await tab.goto(`${service.base}/`);
    await tab.getByTestId('api-key').fill(service.key);
    await tab.getByTestId('save-key').click();
    await tab
      .getByTestId('key-state')
      .filter({ hasText: `as ${mspId}` })
      .waitFor();
    return tab;
  }

  /** A client-library connection as `department`, closed after the suite. */
  async function as(department: string): Promise<GovchainConnection> {
    const connection = await connectAs(department);
    connections.push(connection);
    return connection;
  }

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: npm test installs Debian's chromium package (apt-get)`);
    }
    market = await startService('market-regulation');
    started.push(market);
    tax = await startService('tax'); // the transfer's awaited department, for its work queue
    started.push(tax);
    mkdirSync(SHOTS, { recursive: true });
    // The page hashes the document with Web Crypto, which needs a secure origin: loopback is one, a
    // department's own host address (a network of separate hosts, npm run faults) is made one.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', `--unsafely-treat-insecure-origin-as-secure=${market.base}`],
    });
    page = await consoleOf(market, 'MarketRegulationMSP');
  });
  after(async () => {
    await browser?.close();
    for (const service of started) service.child.kill();
    for (const connection of connections) connection.close();
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

  it("follows a transfer to its registration while Tax's work queue lists it until Tax's step is done", async () => {
    const [re, nr, psConnection, tx] = await Promise.all([
      as('real-estate'),
      as('natural-resources'),
      as('public-security'),
      as('tax'),
    ]);
    const realEstate = realEstateClient(re);
    const naturalResources = realEstateClient(nr);
    const publicSecurity = realEstateClient(psConnection);
    const taxOffice = realEstateClient(tx);
    // Seller and buyer, each with a resident identity document in e-license (Public Security issues it).
    const parties = await Promise.all(
      ['seller', 'buyer'].map(async (label) => {
        const person = newPerson(`console ${label}`);
        const { holderRef } = await realEstate.requestHolderRef(person.idNumber, 'REGISTER_PROPERTY');
        const licenceId = uniqueId(`ID-WEB-${label}`);
        const fingerprint = fp(`resident identity document ${licenceId}`);
        await submit(psConnection.getContract('e-license'), 'IssueLicense', {
          arguments: [
            {
              id: licenceId,
              type: 'IDENTITY_DOCUMENT',
              fingerprint,
              metadata: { issuingAuthority: 'City Public Security Bureau', documentKind: 'RESIDENT_ID_CARD' },
            },
          ],
          transientData: await holderTransient(psConnection, person),
          endorsingOrganizations: ['PublicSecurityMSP', 'RealEstateMSP'],
        });
        return { ...person, holderRef, licenceId, fingerprint };
      }),
    );
    const [seller, buyer] = parties as [(typeof parties)[0], (typeof parties)[0]];
    const unitNumber = uniqueId('U-WEB');
    const oldCertificate = uniqueId('REC-WEB');
    const newCertificate = uniqueId('REC-WEB');
    const applicationId = uniqueId('TA-WEB');
    await naturalResources.confirmLandUseRight({
      unitNumber,
      kind: 'GRANTED',
      termEnd: '2088-12-31T00:00:00Z',
      evidenceFingerprint: fp(`land-use right of ${unitNumber}`),
    });
    await realEstate.registerUnit(
      {
        unitNumber,
        location: 'Building 3, 12 Harbour Street, Unit 801',
        areaSquareMetres: '76.40',
        use: 'RESIDENTIAL',
        owners: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
        certificateId: oldCertificate,
        certificateFingerprint: fp(`certificate ${oldCertificate}`),
        certificateHolderRef: seller.holderRef,
      },
      { idNumber: seller.idNumber, name: seller.name },
    );
    // A sale with no married party and no loan: Public Security and Tax in parallel, then Real Estate.
    await realEstate.openTransferApplication(
      {
        id: applicationId,
        unitNumber,
        type: 'SALE',
        sellers: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
        buyers: [{ holderRef: buyer.holderRef, shareBasisPoints: 10000 }],
        providentFundLoan: false,
        marriedParty: false,
        applicationFingerprint: fp(`application forms ${applicationId}`),
      },
      { declaredPrice: '2150000.00', currency: 'CNY' },
    );

    const tab = await consoleOf(tax, 'TaxMSP');
    await tab.goto(`${tax.base}/#/transfer`);
    await tab.getByTestId('transfer-live').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
    const queued = tab.locator(`[data-testid="queue-row"][data-application="${applicationId}"]`);
    await queued.waitFor({ timeout: 20_000 });
    expect(await tab.getByTestId('queue-department').textContent()).to.equal('TaxMSP');
    // The clerk opens it from the queue, as the citizen would by typing its id.
    await queued.getByTestId('queue-open').click();
    const status = tab.getByTestId('progress-status');
    const awaiting = tab.getByTestId('progress-awaiting');
    const count = tab.getByTestId('progress-count');
    const stepState = (step: string): Locator =>
      tab.locator(`[data-testid="progress-step"][data-step="${step}"] td:nth-child(3)`);
    await reads(status, 'OPEN');
    expect(await tab.getByTestId('progress-unit').textContent()).to.equal(unitNumber);
    expect(await tab.getByTestId('progress-previous').textContent()).to.equal(oldCertificate);
    expect(await tab.getByTestId('progress-certificate').textContent()).to.equal('—');
    const steps = tab.getByTestId('progress-step');
    const shownSteps = await Promise.all([0, 1, 2].map(async (i) => (await cellsOf(steps.nth(i))).slice(0, 3)));
    expect(shownSteps, 'each step, its department and state, then the register').to.deep.equal([
      ['Identity verified', 'PublicSecurityMSP', 'PENDING'],
      ['Tax assessed and cleared', 'TaxMSP', 'PENDING'],
      ['Transfer registered, new certificate issued', 'RealEstateMSP', 'after the steps above'],
    ]);
    expect(await steps.count()).to.equal(3);
    await reads(awaiting, 'PublicSecurityMSP, TaxMSP');
    await reads(count, '0 of 2');

    await publicSecurity.recordIdentityVerification(applicationId, {
      evidenceFingerprint: fp(`identity verification ${applicationId}`),
      documents: [seller, buyer].map((p) => ({
        holderRef: p.holderRef,
        licenceId: p.licenceId,
        fingerprint: p.fingerprint,
      })),
    });
    await reads(stepState('IDENTITY'), 'DONE');
    await reads(awaiting, 'TaxMSP');
    await reads(count, '1 of 2');
    await reads(queued.locator('td').nth(3), '1 of 2'); // the queue follows too, and still lists it

    await taxOffice.recordTaxAssessment(
      applicationId,
      { assessmentFingerprint: fp(`tax assessment ${applicationId}`) },
      { assessedAmount: '64500.00', deedTax: '64500.00' },
    );
    await reads(stepState('TAX'), 'ASSESSED');
    expect(await queued.count(), 'still in the queue while assessed, not cleared').to.equal(1);

    await taxOffice.recordTaxClearance(applicationId, { evidenceFingerprint: fp(`tax clearance ${applicationId}`) });
    await reads(stepState('TAX'), 'DONE');
    await reads(awaiting, 'RealEstateMSP');
    await reads(count, '2 of 2');
    await reads(stepState('REGISTRATION'), 'PENDING');
    await queued.waitFor({ state: 'detached', timeout: 20_000 });

    await realEstate.registerTransfer(
      applicationId,
      {
        certificateId: newCertificate,
        certificateFingerprint: fp(`certificate ${newCertificate}`),
        certificateHolderRef: buyer.holderRef,
      },
      { idNumber: buyer.idNumber, name: buyer.name },
    );
    await reads(status, 'REGISTERED');
    await reads(tab.getByTestId('progress-certificate'), newCertificate);
    await reads(stepState('REGISTRATION'), 'DONE');
    expect(await awaiting.textContent()).to.equal('—');
    expect(await tab.getByTestId('progress-summary').textContent()).to.match(
      new RegExp(`^Registered on .*; new certificate ${newCertificate}\\.$`),
    );
    expect(await tab.getByTestId('progress-closed').textContent()).to.match(/ by RealEstateMSP \(REGISTERED\)$/);
    expect(await queued.count()).to.equal(0);
    const shown = (await tab.locator('body').textContent()) ?? '';
    for (const value of [seller.name, seller.idNumber, buyer.name, buyer.idNumber, seller.holderRef]) {
      expect(shown, 'no personal data or holder reference on the page').to.not.include(value);
    }
    await tab.screenshot({ path: path.join(SHOTS, 'transfer-progress.png'), fullPage: true });
    await tab.close();
  });

  it("shows a tender's sealed bid committed, then revealed at the opening and evaluated, with its evidence", async () => {
    const [regulatorConnection, centreConnection, witnessConnection] = await Promise.all([
      as('market-regulation'),
      as('trading-center'),
      as('tax'),
    ]);
    const regulator = bidRecordClient(regulatorConnection);
    const centre = bidRecordClient(centreConnection);
    const witness = bidRecordClient(witnessConnection);
    const run = uniqueId('web');
    const bidderCode = newEnterpriseCode();
    const licenceId = `BL-${run}`;
    const wallet = generateBidderKeyPair();
    await submit(regulatorConnection.getContract('e-license'), 'IssueLicense', {
      arguments: [
        {
          id: licenceId,
          type: 'BUSINESS_LICENCE',
          fingerprint: fp(`business licence ${run}`),
          metadata: {
            enterpriseName: `Harbour Works Co., Ltd. (${run})`,
            unifiedSocialCreditCode: bidderCode,
            businessScope: 'construction',
            registeredCapital: '20000000',
          },
        },
      ],
      transientData: await holderTransient(regulatorConnection, newPerson('console legal representative')),
      endorsingOrganizations: ['MarketRegulationMSP', 'PublicSecurityMSP'],
    });
    await regulator.bindBidderKey(
      signBidderKeyBinding(wallet.privateKeyPem, { uscc: bidderCode, publicKey: wallet.publicKeyPem, keyVersion: 1 }),
    );
    const projectId = `TP-${run}`;
    // Publication, its evidence and the commitment must all commit before the deadline, on a loaded CI machine.
    const deadline = new Date(Date.now() + 25_000);
    const { result: published } = await centre.publishProject({
      projectId,
      title: `Resurfacing of Harbour Street (${run})`,
      tendererCode: newEnterpriseCode(),
      tendererName: 'District Roads Bureau',
      category: 'CONSTRUCTION',
      budget: 1_800_000_00,
      documentFingerprint: fp(`tender document ${run}`),
      bidDeadline: deadline,
      openingTime: new Date(deadline.getTime() + 1_000),
      evaluationMethod: 'LOWEST_PRICE',
      minValidBids: 1,
    });
    await witness.recordEvidence(projectId, {
      step: 'PUBLICATION',
      fingerprint: fp(`publication notice ${run}`),
      mediaType: 'application/pdf',
      size: 84_211,
      storageUri: `s3://tax-witness/${run}/notice.pdf`,
    });
    const sealed = sealBid({ projectId, bidderCode, price: 1_640_000_00, bidDocumentFingerprint: fp(`bid ${run}`) });
    await centre.commitBid({
      projectId,
      bidderCode,
      licenceId,
      commitment: sealed.commitment,
      signer: bidderSigner(wallet.privateKeyPem),
    });

    await page.goto(`${market.base}/#/tenders`);
    await page.getByTestId('tenders-live').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('centre').selectOption('TradingCenterMSP');
    await page.getByTestId('show-projects').click();
    const listed = page.locator(`[data-testid="project-row"][data-project="${projectId}"]`);
    await listed.waitFor({ timeout: 20_000 });
    expect((await cellsOf(listed)).slice(1)).to.deep.equal([
      `Resurfacing of Harbour Street (${run})`,
      'CONSTRUCTION',
      '¥1,800,000.00',
      published.bidDeadline,
      'PUBLISHED',
    ]);
    await listed.getByTestId('project-open').click();
    await reads(page.getByTestId('project-id'), projectId);
    await reads(page.getByTestId('project-status'), 'PUBLISHED');
    expect(await page.getByTestId('project-budget').textContent()).to.equal('¥1,800,000.00');
    // The project's status was already PUBLISHED in the block before: wait for the commitment's own.
    const commitment = page.locator(`[data-testid="commitment-row"][data-bidder="${bidderCode}"]`);
    await commitment.waitFor({ timeout: 20_000 });
    await page.getByTestId('evidence-item').first().waitFor({ timeout: 20_000 });
    const cells = await cellsOf(commitment);
    expect([cells[0], cells[1], cells[2], cells[6]]).to.deep.equal([
      bidderCode,
      `${sealed.commitment.slice(0, 12)}…`,
      'TradingCenterMSP',
      'COMMITTED',
    ]);
    expect(await page.getByTestId('reveal-row').count(), 'nothing revealed before the opening').to.equal(0);
    expect(await page.getByTestId('evidence-item').allTextContents()).to.have.lengthOf(1);
    expect(await page.getByTestId('project-winner').textContent()).to.equal('—');

    // After the deadline: close, reveal, open and evaluate; the page follows bid-record's events.
    await sleep(Math.max(0, deadline.getTime() + 1_500 - Date.now()));
    await centre.closeBidding(projectId);
    await centre.revealBid(sealed.reveal);
    await centre.openBids(projectId, []);
    await witness.recordEvidence(projectId, {
      step: 'BID_OPENING',
      fingerprint: fp(`opening minutes ${run}`),
      mediaType: 'application/pdf',
      size: 23_004,
      storageUri: `s3://tax-witness/${run}/opening.pdf`,
      description: 'signed minutes of the opening',
    });
    await centre.recordEvaluation(projectId, {
      reportFingerprint: fp(`evaluation report ${run}`),
      scores: [{ bidderCode, score: 95 }],
    });
    await reads(page.getByTestId('project-status'), 'EVALUATED');
    const reveal = page.locator(`[data-testid="reveal-row"][data-bidder="${bidderCode}"]`);
    await reveal.waitFor({ timeout: 20_000 });
    const revealed = await cellsOf(reveal);
    expect([revealed[0], revealed[1], revealed[4]]).to.deep.equal([bidderCode, '¥1,640,000.00', 'VALID']);
    await reads(commitment.locator('td').nth(6), 'VALID');
    await reads(page.getByTestId('project-valid'), '1 valid, 0 disqualified');
    expect(await cellsOf(page.getByTestId('ranking-row'))).to.deep.equal(['1', bidderCode, '95', '¥1,640,000.00']);
    await page.locator('[data-testid="evidence-item"][data-step="BID_OPENING"]').waitFor({ timeout: 20_000 });
    const timeline = page.getByTestId('evidence-item');
    const steps = await Promise.all([0, 1].map((i) => timeline.nth(i).getAttribute('data-step')));
    expect(steps, 'the timeline in recording order').to.deep.equal(['PUBLICATION', 'BID_OPENING']);
    expect(await timeline.count()).to.equal(2);
    expect(await timeline.nth(1).textContent()).to.include('by TaxMSP: application/pdf, 23004 bytes');
    await page.screenshot({ path: path.join(SHOTS, 'tender-board.png'), fullPage: true });
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
