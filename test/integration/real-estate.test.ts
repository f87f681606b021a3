import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import {
  ChaincodeError,
  CommitError,
  type TypedSubmitResult,
  type GovchainConnection,
  type OwnerShare,
  type Plain,
  type RealEstateClient,
  evaluate,
  fingerprintBuffer,
  isRefusal,
  realEstateClient,
  submit,
} from '@govchain/gateway-client';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { connectAs, govchainCli, SESSION, suiteDirectory, uniqueId } from './support';
import { type TestPerson, holderTransient, newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

const RE = 'RealEstateMSP';
const PS = 'PublicSecurityMSP';
const TAX = 'TaxMSP';
const PF = 'ProvidentFundMSP';

/** A document as a department holds it; the ledger only sees its SHA-256. */
const fp = (label: string): string => fingerprintBuffer(`%PDF-1.7\n${label}\n%%EOF\n`);

async function refused(promise: Promise<unknown>, code: string): Promise<ChaincodeError> {
  const err: unknown = await promise.then(
    () => expect.fail(`expected a ${code} refusal`),
    (e: unknown) => e,
  );
  expect(isRefusal(err), String(err)).to.equal(true);
  expect((err as ChaincodeError).code, (err as Error).message).to.equal(code);
  return err as ChaincodeError;
}

interface Party extends TestPerson {
  readonly holderRef: string;
  readonly identityLicenceId: string;
  readonly identityFingerprint: string;
}

describe('real-estate on the real network: the one-window stock-housing sale', function () {
  this.timeout(300_000);
  this.slow(30_000);

  const connections: GovchainConnection[] = [];
  let realEstate: RealEstateClient;
  let naturalResources: RealEstateClient;
  let publicSecurity: RealEstateClient;
  let civilAffairs: RealEstateClient;
  let tax: RealEstateClient;
  let providentFund: RealEstateClient;
  let psConnection: GovchainConnection;
  let caConnection: GovchainConnection;
  let seller: Party;
  let buyerA: Party;
  let buyerB: Party;

  /**
   * Submits through a client. Every connection shares the run's read-your-writes session (support.ts), so the
   * next step of any department waits until its endorsers' peers have this block.
   */
  async function step<T>(run: () => Promise<TypedSubmitResult<T>>): Promise<TypedSubmitResult<T>> {
    const outcome = await run();
    expect(SESSION.block! >= outcome.blockNumber, 'the session holds the step').to.equal(true);
    return outcome;
  }

  async function party(label: string): Promise<Party> {
    const person = newPerson(label);
    const holderRef = (await realEstate.requestHolderRef(person.idNumber, 'REGISTER_PROPERTY')).holderRef;
    const identityLicenceId = uniqueId(`ID-${label}`);
    const identityFingerprint = fp(`resident identity document ${identityLicenceId}`);
    const issued = await submit(psConnection.getContract('e-license'), 'IssueLicense', {
      arguments: [
        {
          id: identityLicenceId,
          type: 'IDENTITY_DOCUMENT',
          fingerprint: identityFingerprint,
          metadata: { issuingAuthority: 'City Public Security Bureau', documentKind: 'RESIDENT_ID_CARD' },
        },
      ],
      transientData: await holderTransient(psConnection, person),
      endorsingOrganizations: [PS, RE],
    });
    expect(SESSION.block! >= issued.blockNumber).to.equal(true);
    return { ...person, holderRef, identityLicenceId, identityFingerprint };
  }

  /** Confirms the land-use right and registers a unit owned wholly by `owner`; returns its certificate. */
  async function registerUnit(unitNumber: string, owner: Party): Promise<string> {
    await step(() =>
      naturalResources.confirmLandUseRight({
        unitNumber,
        kind: 'GRANTED',
        termEnd: '2088-12-31T00:00:00Z',
        evidenceFingerprint: fp(`land-use right of ${unitNumber}`),
      }),
    );
    const certificateId = uniqueId('REC');
    const unit = await step(() =>
      realEstate.registerUnit(
        {
          unitNumber,
          location: 'Building 7, 88 Riverside Road, Unit 1502',
          areaSquareMetres: '92.35',
          use: 'RESIDENTIAL',
          owners: [{ holderRef: owner.holderRef, shareBasisPoints: 10000 }],
          certificateId,
          certificateFingerprint: fp(`certificate ${certificateId}`),
          certificateHolderRef: owner.holderRef,
        },
        { idNumber: owner.idNumber, name: owner.name },
      ),
    );
    expect(unit.result).to.include({ unitNumber, certificateId, status: 'REGISTERED' });
    return certificateId;
  }

  async function verify(licenceId: string, label: string): Promise<string> {
    const result = (await evaluate(psConnection.getContract('e-license'), 'VerifyLicense', {
      arguments: [licenceId, fp(label), ''],
    })) as { result: string };
    return result.result;
  }

  before(async function () {
    const departments = [
      'real-estate',
      'natural-resources',
      'public-security',
      'civil-affairs',
      'tax',
      'provident-fund',
    ] as const;
    for (const department of departments) {
      connections.push(await connectAs(department));
    }
    const [re, nr, ps, ca, tx, pf] = connections as [
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
    ];
    realEstate = realEstateClient(re);
    naturalResources = realEstateClient(nr);
    publicSecurity = realEstateClient(ps);
    civilAffairs = realEstateClient(ca);
    tax = realEstateClient(tx);
    providentFund = realEstateClient(pf);
    psConnection = ps;
    caConnection = ca;
    seller = await party('seller');
    buyerA = await party('buyer-a');
    buyerB = await party('buyer-b');
  });

  after(function () {
    for (const connection of connections) connection.close();
  });

  it('sells a unit with a provident-fund mortgage through Public Security, Civil Affairs, Tax, Provident Fund and Real Estate', async function () {
    const unitNumber = uniqueId('U');
    const oldCertificate = await registerUnit(unitNumber, seller);
    const applicationId = uniqueId('TA');
    const newCertificate = uniqueId('REC');
    const buyers: Plain<OwnerShare>[] = [
      { holderRef: buyerA.holderRef, shareBasisPoints: 5000 },
      { holderRef: buyerB.holderRef, shareBasisPoints: 5000 },
    ];

    const started = Date.now();
    const transactions: string[] = [];
    let saleMs = 0;
    const timed = async <T>(name: string, run: () => Promise<TypedSubmitResult<T>>): Promise<TypedSubmitResult<T>> => {
      const start = Date.now();
      const outcome = await step(run);
      const ms = Date.now() - start;
      saleMs += ms;
      transactions.push(`${name}: ${ms} ms (block ${outcome.blockNumber.toString()})`);
      return outcome;
    };

    const opened = await timed('OpenTransferApplication by RealEstateMSP', () =>
      realEstate.openTransferApplication(
        {
          id: applicationId,
          unitNumber,
          type: 'SALE',
          sellers: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
          buyers,
          providentFundLoan: true,
          marriedParty: true,
          applicationFingerprint: fp(`application forms ${applicationId}`),
        },
        {
          declaredPrice: '3460000.00',
          currency: 'CNY',
          sellerName: seller.name,
          buyerNames: `${buyerA.name}; ${buyerB.name}`,
        },
      ),
    );
    expect(opened.result.requiredSteps).to.deep.equal(['IDENTITY', 'MARITAL_STATUS', 'TAX', 'PROVIDENT_FUND']);
    expect((await realEstate.getUnit(unitNumber)).status).to.equal('IN_TRANSFER');
    expect((await tax.listApplicationsAwaiting(TAX, { pageSize: 100 })).records.map((r) => r.applicationId)).to.include(
      applicationId,
    );

    await timed('RecordIdentityVerification by PublicSecurityMSP', () =>
      publicSecurity.recordIdentityVerification(applicationId, {
        evidenceFingerprint: fp(`identity verification ${applicationId}`),
        documents: [seller, buyerA, buyerB].map((p) => ({
          holderRef: p.holderRef,
          licenceId: p.identityLicenceId,
          fingerprint: p.identityFingerprint,
        })),
      }),
    );

    // A step endorsed without its own department is invalidated by the key-level policy at validation,
    // even though the caller is Civil Affairs and both endorsers ran the chaincode honestly.
    const bypassClient = realEstateClient(caConnection, {
      endorsers: { RecordMaritalStatus: [RE, PS] },
      submitDefaults: { retry: { maxRetries: 0 } },
    });
    let bypass: unknown;
    for (const deadline = Date.now() + 30_000; ;) {
      bypass = await bypassClient
        .recordMaritalStatus(applicationId, { evidenceFingerprint: fp('marital attestation (bypass)') })
        .then(
          () => expect.fail('a step endorsed without its department must not commit'),
          (e: unknown) => e,
        );
      // Right after the network starts, a gateway may not yet know other organizations' peers (gossip).
      const undiscovered = bypass instanceof Error && bypass.message.includes('failed to find any endorsing peers');
      if (!undiscovered || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(bypass, String(bypass)).to.be.instanceOf(CommitError);
    expect((bypass as CommitError).code).to.equal('ENDORSEMENT_POLICY_FAILURE');

    await refused(tax.recordMaritalStatus(applicationId, { evidenceFingerprint: fp('x') }), 'FORBIDDEN');
    await refused(
      realEstate.registerTransfer(
        applicationId,
        {
          certificateId: newCertificate,
          certificateFingerprint: fp(newCertificate),
          certificateHolderRef: buyerA.holderRef,
        },
        { idNumber: buyerA.idNumber, name: buyerA.name },
      ),
      'PRECONDITION_FAILED',
    );

    await timed('RecordMaritalStatus by CivilAffairsMSP', () =>
      civilAffairs.recordMaritalStatus(applicationId, {
        evidenceFingerprint: fp(`marital attestation ${applicationId}`),
      }),
    );
    await timed('RecordTaxAssessment by TaxMSP', () =>
      tax.recordTaxAssessment(
        applicationId,
        { assessmentFingerprint: fp(`tax assessment ${applicationId}`) },
        { assessedAmount: '103800.00', deedTax: '103800.00' },
      ),
    );
    await timed('RecordTaxClearance by TaxMSP', () =>
      tax.recordTaxClearance(applicationId, { evidenceFingerprint: fp(`tax clearance ${applicationId}`) }),
    );
    await timed('RecordLoanApproval by ProvidentFundMSP', () =>
      providentFund.recordLoanApproval(
        applicationId,
        {
          evidenceFingerprint: fp(`loan contract ${applicationId}`),
          loanId: uniqueId('PFL'),
          mortgageId: `M-PF-${applicationId}`,
        },
        { loanAmount: '1200000.00', termMonths: '360' },
      ),
    );
    const ready = await realEstate.getApplicationProgress(applicationId);
    expect(ready).to.deep.include({ readyForRegistration: true, waitingOn: [RE], doneCount: 4 });
    expect(
      (await realEstate.listApplicationsAwaiting(RE, { pageSize: 100 })).records.map((r) => r.applicationId),
    ).to.include(applicationId);

    const registered = await timed('RegisterTransfer by RealEstateMSP', () =>
      realEstate.registerTransfer(
        applicationId,
        {
          certificateId: newCertificate,
          certificateFingerprint: fp(`certificate ${newCertificate}`),
          certificateHolderRef: buyerA.holderRef,
        },
        { idNumber: buyerA.idNumber, name: buyerA.name },
      ),
    );
    const wallMs = Date.now() - started;

    const sortedBuyers = [...buyers].sort((a, b) => (a.holderRef < b.holderRef ? -1 : 1));
    expect(registered.result.unit.owners).to.deep.equal(sortedBuyers);
    expect(registered.result.unit.encumbrances.map((e) => [e.id, e.kind, e.holder])).to.deep.equal([
      [`M-PF-${applicationId}`, 'MORTGAGE', PF],
    ]);
    expect(registered.result.application).to.include({ status: 'REGISTERED', certificateId: newCertificate });

    expect(await verify(newCertificate, `certificate ${newCertificate}`)).to.equal('VALID');
    expect(await verify(oldCertificate, `certificate ${oldCertificate}`)).to.equal('REVOKED');

    const unit = await realEstate.getUnit(unitNumber);
    expect(unit).to.include({ status: 'REGISTERED', openApplicationId: '', certificateId: newCertificate });
    const chain = await realEstate.getChainOfTitle(unitNumber);
    expect(chain.map((entry) => [entry.kind, entry.certificateId])).to.deep.equal([
      ['FIRST_REGISTRATION', oldCertificate],
      ['SALE', newCertificate],
    ]);
    expect((await realEstate.listUnitsByOwner(buyerB.holderRef)).records.map((u) => u.unitNumber)).to.include(
      unitNumber,
    );
    expect((await realEstate.listUnitsByOwner(seller.holderRef)).records.map((u) => u.unitNumber)).to.not.include(
      unitNumber,
    );
    const done = await realEstate.getApplicationProgress(applicationId);
    expect(done).to.deep.include({ status: 'REGISTERED', waitingOn: [] });
    const detail = await tax.getTransferDetail(applicationId);
    expect(detail.transferDetail?.fields.declaredPrice).to.equal('3460000.00');
    expect(detail.loanDetail?.fields.loanAmount).to.equal('1200000.00');
    await refused(publicSecurity.getTransferDetail(applicationId), 'FORBIDDEN');
    await refused(
      realEstate.registerTransfer(
        applicationId,
        { certificateId: uniqueId('REC'), certificateFingerprint: fp('again'), certificateHolderRef: buyerA.holderRef },
        { idNumber: buyerA.idNumber, name: buyerA.name },
      ),
      'PRECONDITION_FAILED',
    );

    console.log(
      `      full sale: ${transactions.length} transactions, ${saleMs} ms wall time for them (submit → commit → ` +
        `all six peers have the block, one after the other); ${wallMs} ms from opening to registration ` +
        `including the refusal checks in between\n` +
        transactions.map((t) => `        - ${t}`).join('\n'),
    );
    expect(transactions).to.have.length(7);
  });

  it('ends the application and unlocks the unit when Tax rejects', async function () {
    const unitNumber = uniqueId('U');
    await registerUnit(unitNumber, seller);
    const applicationId = uniqueId('TA');
    await step(() =>
      realEstate.openTransferApplication(
        {
          id: applicationId,
          unitNumber,
          type: 'GIFT',
          sellers: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
          buyers: [{ holderRef: buyerB.holderRef, shareBasisPoints: 10000 }],
          applicationFingerprint: fp(`gift forms ${applicationId}`),
        },
        { declaredPrice: '2980000.00', currency: 'CNY' },
      ),
    );
    await refused(
      realEstate.openTransferApplication(
        {
          id: uniqueId('TA'),
          unitNumber,
          type: 'SALE',
          sellers: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
          buyers: [{ holderRef: buyerA.holderRef, shareBasisPoints: 10000 }],
          applicationFingerprint: fp('second application'),
        },
        { declaredPrice: '1.00' },
      ),
      'CONFLICT',
    );
    await step(() =>
      tax.recordTaxAssessment(
        applicationId,
        { assessmentFingerprint: fp(`gift assessment ${applicationId}`) },
        { assessedAmount: '89400.00' },
      ),
    );
    await refused(realEstate.rejectStep(applicationId, 'TAX', 'TAX_ARREARS'), 'FORBIDDEN');
    const rejected = await step(() => tax.rejectStep(applicationId, 'TAX', 'TAX_ARREARS'));
    expect(rejected.result).to.include({ status: 'REJECTED', closedReason: 'TAX_ARREARS', rejectedStep: 'TAX' });

    const unit = await realEstate.getUnit(unitNumber);
    expect(unit).to.include({ status: 'REGISTERED', openApplicationId: '' });
    expect(unit.owners).to.deep.equal([{ holderRef: seller.holderRef, shareBasisPoints: 10000 }]);
    const progress = await publicSecurity.getApplicationProgress(applicationId);
    expect(progress).to.deep.include({ status: 'REJECTED', waitingOn: [] });
    expect(progress.summary).to.match(/^Rejected by TaxMSP at "Tax assessed and cleared" \(TAX_ARREARS\)/);
    expect(
      (await tax.listApplicationsAwaiting(TAX, { pageSize: 100 })).records.map((r) => r.applicationId),
    ).to.not.include(applicationId);
    await refused(
      publicSecurity.recordIdentityVerification(applicationId, {
        evidenceFingerprint: fp('late'),
        documents: [seller, buyerB].map((p) => ({
          holderRef: p.holderRef,
          licenceId: p.identityLicenceId,
          fingerprint: p.identityFingerprint,
        })),
      }),
      'PRECONDITION_FAILED',
    );

    // The unit is free again: a new application opens, and the applicants withdraw it.
    const again = uniqueId('TA');
    await step(() =>
      realEstate.openTransferApplication(
        {
          id: again,
          unitNumber,
          type: 'SALE',
          sellers: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
          buyers: [{ holderRef: buyerB.holderRef, shareBasisPoints: 10000 }],
          applicationFingerprint: fp(`forms ${again}`),
        },
        { declaredPrice: '3000000.00' },
      ),
    );
    const withdrawn = await step(() => realEstate.withdrawApplication(again, fp(`withdrawal ${again}`)));
    expect(withdrawn.result.status).to.equal('WITHDRAWN');
    expect((await realEstate.getUnit(unitNumber)).status).to.equal('REGISTERED');
  });
});

describe('real-estate on the real network: the govchain CLI', function () {
  this.timeout(180_000);

  const dir = suiteDirectory('govchain-re-');

  it('runs each action as its own subcommand: --input @file, --json, text, refusals and lists', async function () {
    const unitNumber = uniqueId('U-CLI');
    const input = path.join(dir(), 'right.json');
    const evidenceFingerprint = fp(`land-use right of ${unitNumber}`);
    writeFileSync(input, JSON.stringify({ unitNumber, kind: 'ALLOCATED', evidenceFingerprint }));

    const confirmed = await govchainCli(
      '--as',
      'natural-resources',
      '--json',
      'property',
      'confirm-land-right',
      '--input',
      `@${input}`,
    );
    expect(confirmed.code, confirmed.stderr).to.equal(0);
    const committed = JSON.parse(confirmed.stdout) as {
      result: { unitNumber: string; confirmedByMsp: string };
      transactionId: string;
      blockNumber: string;
    };
    expect(committed.result).to.include({ unitNumber, confirmedByMsp: 'NaturalResourcesMSP' });
    expect(committed.transactionId).to.match(/^[0-9a-f]{64}$/);

    // Another process, another department: --after-block makes Real Estate's peer have that block first.
    const after = ['--after-block', committed.blockNumber];
    const shown = await govchainCli('--as', 'real-estate', ...after, 'property', 'land-right', unitNumber);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(JSON.parse(shown.stdout)).to.include({ unitNumber, kind: 'ALLOCATED', evidenceFingerprint });
    const json = await govchainCli('--as', 'real-estate', ...after, '--json', 'property', 'land-right', unitNumber);
    expect(JSON.parse(json.stdout)).to.have.nested.property('result.unitNumber', unitNumber);

    const missing = await govchainCli('--as', 'real-estate', 'property', 'get', uniqueId('U-NONE'));
    expect(missing.code).to.equal(5);
    expect(missing.stderr).to.match(/^error: NOT_FOUND: /);

    const queue = await govchainCli('--as', 'tax', '--json', 'transfer', 'queue', TAX, '--page-size', '1');
    expect(queue.code, queue.stderr).to.equal(0);
    expect(JSON.parse(queue.stdout)).to.have.keys('records', 'bookmark', 'fetchedCount');

    // A usage error is found before anything is sent: exit 2, not a chaincode refusal.
    const wrongStep = await govchainCli('--as', 'tax', 'transfer', 'reject', 'TA-1', 'PAYMENT', 'UNPAID');
    expect(wrongStep.code).to.equal(2);
    expect(wrongStep.stderr).to.match(/Allowed choices are IDENTITY/);
  });
});
