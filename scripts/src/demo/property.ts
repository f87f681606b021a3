import { eLicenseClient, realEstateClient, type RealEstateClient } from '@govchain/gateway-client';
import { document, RUN, type Departments } from './context';
import type { Narrator } from './narrator';

/** Fictional residents; their ID numbers and names travel only as transient data. */
const SELLER = { idNumber: '310101197805120036', name: 'Demo Seller' };
const BUYER = { idNumber: '310104198811230047', name: 'Demo Buyer' };

/**
 * A stock-housing sale with a provident-fund mortgage: one window at Real Estate, each department
 * signs its own step, and registration moves ownership and issues the new certificate atomically.
 */
export async function propertyChapter(narrator: Narrator, departments: Departments): Promise<void> {
  narrator.chapter(
    'A stock-housing sale at one window',
    'Each department records its own step; registration moves ownership and swaps the certificate in one transaction.',
  );
  const re = await departments.get('real-estate');
  const nr = await departments.get('natural-resources');
  const ps = await departments.get('public-security');
  const tax = await departments.get('tax');
  const realEstate = realEstateClient(re.connection);
  const unitNumber = `U-${RUN}`;
  const applicationId = `TA-${RUN}`;
  const oldCertificate = `REC-${RUN}-1`;
  const newCertificate = `REC-${RUN}-2`;
  const identities = eLicenseClient(ps.connection);
  // Real Estate resolves each party's reference through a grant from Public Security's peer (logged,
  // rate-limited, reusable by Real Estate for 24 h): the grant id travels with each certificate issuance.
  const sellerGrant = await realEstate.requestHolderRef(SELLER.idNumber);
  const buyerGrant = await realEstate.requestHolderRef(BUYER.idNumber);
  const sellerRef = sellerGrant.holderRef;
  const buyerRef = buyerGrant.holderRef;
  const idDoc = (who: string): ReturnType<typeof document> => document(`resident identity card of ${who} (${RUN})`);
  const signed = async <T>(run: () => Promise<{ result: T; blockNumber: bigint }>): Promise<T> => {
    const { result, blockNumber } = await run();
    // The next department reads through its own peer: let every peer have the block first.
    await departments.sync(blockNumber);
    return result;
  };

  await narrator.step(
    ps.name,
    'issues electronic identity documents to the seller and the buyer',
    async () => {
      for (const [who, person] of [
        ['seller', SELLER],
        ['buyer', BUYER],
      ] as const) {
        await signed(() =>
          identities.issueLicense({
            id: `ID-${RUN}-${who}`,
            type: 'IDENTITY_DOCUMENT',
            fingerprint: idDoc(who).fingerprint,
            metadata: { issuingAuthority: 'City Public Security Bureau', documentKind: 'RESIDENT_ID_CARD' },
            holder: person,
          }),
        );
      }
      return 'two identity documents';
    },
    { transactions: 2 },
  );
  await narrator.step(
    nr.name,
    `confirms the land-use right behind unit ${unitNumber}`,
    () =>
      signed(() =>
        realEstateClient(nr.connection).confirmLandUseRight({
          unitNumber,
          kind: 'GRANTED',
          termEnd: '2088-12-31T00:00:00Z',
          evidenceFingerprint: document(`land-use right ${unitNumber}`).fingerprint,
        }),
      ).then(() => 'GRANTED until 2088'),
    { transactions: 1 },
  );
  await narrator.step(
    re.name,
    `registers the unit for the seller and issues certificate ${oldCertificate}`,
    () =>
      signed(() =>
        realEstate.registerUnit(
          {
            unitNumber,
            location: 'Building 7, 88 Riverside Road, Unit 1502',
            areaSquareMetres: '92.35',
            use: 'RESIDENTIAL',
            owners: [{ holderRef: sellerRef, shareBasisPoints: 10000 }],
            certificateId: oldCertificate,
            certificateFingerprint: document(`certificate ${oldCertificate}`).fingerprint,
            certificateHolderRef: sellerRef,
          },
          { ...SELLER, holderRefGrant: sellerGrant.grantId },
        ),
      ).then((unit) => unit.status),
    { transactions: 1 },
  );
  narrator.note('the sale begins: the applicants go to one window');
  await sale(narrator, departments, {
    realEstate,
    unitNumber,
    applicationId,
    sellerRef,
    buyerRef,
    idDoc,
    signed,
  });
  await narrator.step(
    re.name,
    `registers the transfer: ownership moves, ${oldCertificate} is revoked and ${newCertificate} issued`,
    () =>
      signed(() =>
        realEstate.registerTransfer(
          applicationId,
          {
            certificateId: newCertificate,
            certificateFingerprint: document(`certificate ${newCertificate}`).fingerprint,
            certificateHolderRef: buyerRef,
          },
          { ...BUYER, holderRefGrant: buyerGrant.grantId },
        ),
      ).then(() => 'REGISTERED'),
    { transactions: 1 },
  );
  const verifier = eLicenseClient(tax.connection);
  const verify = async (id: string): Promise<string> =>
    (await verifier.verifyLicense({ licenceId: id, fingerprint: document(`certificate ${id}`).fingerprint })).result;
  await narrator.step(tax.name, `verifies the buyer's new certificate ${newCertificate}`, () => verify(newCertificate));
  await narrator.step(tax.name, `verifies the seller's old certificate ${oldCertificate}`, () =>
    verify(oldCertificate),
  );
}

interface SaleContext {
  readonly realEstate: RealEstateClient;
  readonly unitNumber: string;
  readonly applicationId: string;
  readonly sellerRef: string;
  readonly buyerRef: string;
  readonly idDoc: (who: string) => { fingerprint: string };
  readonly signed: <T>(run: () => Promise<{ result: T; blockNumber: bigint }>) => Promise<T>;
}

/** The steps between opening and registration, each by its own department. */
async function sale(narrator: Narrator, departments: Departments, s: SaleContext): Promise<void> {
  const ps = await departments.get('public-security');
  const ca = await departments.get('civil-affairs');
  const tax = await departments.get('tax');
  const pf = await departments.get('provident-fund');
  const re = await departments.get('real-estate');
  const evidence = (what: string): string => document(`${what} ${s.applicationId}`).fingerprint;
  await narrator.step(
    re.name,
    `opens transfer application ${s.applicationId} (price and names go to the Real Estate/Tax/Provident Fund collection only)`,
    () =>
      s
        .signed(() =>
          s.realEstate.openTransferApplication(
            {
              id: s.applicationId,
              unitNumber: s.unitNumber,
              type: 'SALE',
              sellers: [{ holderRef: s.sellerRef, shareBasisPoints: 10000 }],
              buyers: [{ holderRef: s.buyerRef, shareBasisPoints: 10000 }],
              providentFundLoan: true,
              marriedParty: true,
              applicationFingerprint: evidence('application forms'),
            },
            { declaredPrice: '3460000.00', currency: 'CNY', sellerName: SELLER.name, buyerNames: BUYER.name },
          ),
        )
        .then((application) => `steps: ${application.requiredSteps.join(', ')}`),
    { transactions: 1 },
  );
  await narrator.step(
    ps.name,
    "checks both parties' identity documents through e-license",
    () =>
      s
        .signed(() =>
          realEstateClient(ps.connection).recordIdentityVerification(s.applicationId, {
            evidenceFingerprint: evidence('identity verification'),
            documents: [
              { holderRef: s.sellerRef, licenceId: `ID-${RUN}-seller`, fingerprint: s.idDoc('seller').fingerprint },
              { holderRef: s.buyerRef, licenceId: `ID-${RUN}-buyer`, fingerprint: s.idDoc('buyer').fingerprint },
            ],
          }),
        )
        .then((step) => step.status),
    { transactions: 1 },
  );
  await narrator.step(
    ca.name,
    'attests the marital status of the parties',
    () =>
      s
        .signed(() =>
          realEstateClient(ca.connection).recordMaritalStatus(s.applicationId, {
            evidenceFingerprint: evidence('marital attestation'),
          }),
        )
        .then((step) => step.status),
    { transactions: 1 },
  );
  const taxClient = realEstateClient(tax.connection);
  await narrator.step(
    tax.name,
    'assesses the deed tax (the amount stays in the private collection)',
    () =>
      s
        .signed(() =>
          taxClient.recordTaxAssessment(
            s.applicationId,
            { assessmentFingerprint: evidence('tax assessment') },
            { assessedAmount: '103800.00', deedTax: '103800.00' },
          ),
        )
        .then((step) => step.status),
    { transactions: 1 },
  );
  await narrator.step(
    tax.name,
    'records that the tax is paid',
    () =>
      s
        .signed(() => taxClient.recordTaxClearance(s.applicationId, { evidenceFingerprint: evidence('tax clearance') }))
        .then((step) => step.status),
    { transactions: 1 },
  );
  await narrator.step(
    pf.name,
    'approves the provident-fund loan and the mortgage to register',
    () =>
      s
        .signed(() =>
          realEstateClient(pf.connection).recordLoanApproval(
            s.applicationId,
            { evidenceFingerprint: evidence('loan contract'), loanId: `PFL-${RUN}`, mortgageId: `M-PF-${RUN}` },
            { loanAmount: '1200000.00', termMonths: '360' },
          ),
        )
        .then((step) => step.status),
    { transactions: 1 },
  );
  const progress = await s.realEstate.getApplicationProgress(s.applicationId);
  narrator.note(
    `progress as the citizen sees it: ${progress.doneCount} steps done, waiting on ${progress.waitingOn.join(', ')}`,
  );
}
