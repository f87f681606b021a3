import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChaincodeError,
  EndorsementError,
  type GovchainConnection,
  type OwnerShare,
  type Plain,
  type PropertyUnit,
  type RealEstateClient,
  type TypedSubmitResult,
  fingerprintBuffer,
  isRefusal,
  newResponseKey,
  realEstateClient,
  responseKeyTransient,
  submit,
  waitForBlock,
} from '@govchain/gateway-client';
import { type RogueDepartment, invalidAtValidation, refusal, startRogue, submitAt } from './rogue';
import { connectAs, uniqueId } from './support';
import { type TestPerson, holderTransient, newPerson } from './test-data';

/** A unit's members as plain JSON, to forge a changed copy. */
function fields(unit: PropertyUnit): Record<string, unknown> {
  return JSON.parse(JSON.stringify(unit)) as Record<string, unknown>;
}

chai.use(chaiAsPromised);
const { expect } = chai;

/**
 * Issue 11 on the real network, for the real-estate chaincode: a department
 * running a modified chaincode server on its own peer, a client that forges
 * the proposal time, and a private read submitted for commit. Each attack must
 * fail at validation (ENDORSEMENT_POLICY_FAILURE) or be refused by an honest
 * endorser, write nothing, and leave the honest path working.
 */

const CHAINCODE = 'real-estate';
const RE = 'RealEstateMSP';
const PS = 'PublicSecurityMSP';
const TAX = 'TaxMSP';

const fp = (label: string): string => fingerprintBuffer(`%PDF-1.7\n${label}\n%%EOF\n`);
const salt = (): string => fingerprintBuffer(uniqueId('salt'));

interface Party extends TestPerson {
  readonly holderRef: string;
  readonly identityLicenceId: string;
  readonly identityFingerprint: string;
}

describe('attacks on real-estate: rogue departments, forged time, committed private reads', function () {
  this.timeout(600_000);
  this.slow(60_000);

  const connections: GovchainConnection[] = [];
  let reConnection: GovchainConnection;
  let psConnection: GovchainConnection;
  let taxConnection: GovchainConnection;
  let realEstate: RealEstateClient;
  let naturalResources: RealEstateClient;
  let publicSecurity: RealEstateClient;
  let tax: RealEstateClient;
  let seller: Party;
  let buyer: Party;
  let stranger: Party;

  async function step<T>(run: () => Promise<TypedSubmitResult<T>>): Promise<T> {
    const outcome = await run();
    await waitForBlock(connections, outcome.blockNumber);
    return outcome.result;
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
    await waitForBlock(connections, issued.blockNumber);
    return { ...person, holderRef, identityLicenceId, identityFingerprint };
  }

  /** Confirms a land-use right (term end as given) and registers a unit owned wholly by the seller. */
  async function registeredUnit(termEnd = '2088-12-31T00:00:00Z'): Promise<string> {
    const unitNumber = uniqueId('U');
    await step(() =>
      naturalResources.confirmLandUseRight({
        unitNumber,
        kind: 'GRANTED',
        termEnd,
        evidenceFingerprint: fp(`land-use right of ${unitNumber}`),
      }),
    );
    const certificateId = uniqueId('REC');
    await step(() =>
      realEstate.registerUnit(
        {
          unitNumber,
          location: 'Building 9, 6 Canal Street, Unit 803',
          areaSquareMetres: '76.20',
          use: 'RESIDENTIAL',
          owners: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
          certificateId,
          certificateFingerprint: fp(`certificate ${certificateId}`),
          certificateHolderRef: seller.holderRef,
        },
        { idNumber: seller.idNumber, name: seller.name },
      ),
    );
    return unitNumber;
  }

  function saleOf(unitNumber: string, id = uniqueId('TA')): Parameters<RealEstateClient['openTransferApplication']>[0] {
    return {
      id,
      unitNumber,
      type: 'SALE',
      sellers: [{ holderRef: seller.holderRef, shareBasisPoints: 10000 }],
      buyers: [{ holderRef: buyer.holderRef, shareBasisPoints: 10000 }],
      providentFundLoan: false,
      marriedParty: false,
      applicationFingerprint: fp(`application ${id}`),
    };
  }

  const declaredPrice = '2860000.00';
  function transferDetail(): { declaredPrice: string; sellerName: string; buyerName: string; salt: string } {
    return { declaredPrice, sellerName: seller.name, buyerName: buyer.name, salt: salt() };
  }

  /** Opens a sale of the unit (needs IDENTITY and TAX) and returns the application id. */
  async function openedSale(unitNumber: string): Promise<string> {
    const application = await step(() => realEstate.openTransferApplication(saleOf(unitNumber), transferDetail()));
    expect(application.requiredSteps).to.deep.equal(['IDENTITY', 'TAX']);
    return application.id;
  }

  before(async function () {
    for (const department of ['real-estate', 'natural-resources', 'public-security', 'tax'] as const) {
      connections.push(await connectAs(department));
    }
    const [re, nr, ps, tx] = connections as [
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
      GovchainConnection,
    ];
    reConnection = re;
    psConnection = ps;
    taxConnection = tx;
    realEstate = realEstateClient(re);
    naturalResources = realEstateClient(nr);
    publicSecurity = realEstateClient(ps);
    tax = realEstateClient(tx);
    seller = await party('seller');
    buyer = await party('buyer');
    stranger = await party('stranger');
  });

  after(function () {
    for (const connection of connections) connection.close();
  });

  describe('(a, c) Real Estate runs a modified chaincode server', function () {
    let rogue: RogueDepartment;
    let unitNumber: string;
    let seized: PropertyUnit;
    let endingUnit: string;
    let termEndMillis: number;

    before(async function () {
      // A unit under a judicial seizure, and (for c) a unit whose land-use term ends in 45 s.
      unitNumber = await registeredUnit();
      seized = await step(() =>
        realEstate.registerSeizure(unitNumber, {
          id: 'S-1',
          court: 'COURT-SH-1',
          evidenceFingerprint: fp(`seizure order ${unitNumber}`),
        }),
      );
      termEndMillis = Date.now() + 45_000;
      endingUnit = await registeredUnit(new Date(termEndMillis).toISOString());
      rogue = await startRogue('real-estate', CHAINCODE);
    });

    after(async function () {
      // The set-up may have failed before the rogue started.
      await (rogue as RogueDepartment | undefined)?.restore();
    });

    it('cannot rewrite the owners of a unit: invalid at validation, the unit unchanged', async function () {
      const owners: Plain<OwnerShare>[] = [{ holderRef: stranger.holderRef, shareBasisPoints: 10000 }];
      for (const policy of [undefined, [RE]]) {
        const err = await rogue.forge([
          {
            key: ['unit', unitNumber],
            value: { ...fields(seized), owners },
            ...(policy === undefined ? {} : { policy }),
          },
        ]);
        invalidAtValidation(err);
      }
      expect(await publicSecurity.getUnit(unitNumber)).to.deep.equal(seized);
    });

    it('cannot remove a seizure or delete the unit: invalid at validation, the unit unchanged', async function () {
      invalidAtValidation(
        await rogue.forge([{ key: ['unit', unitNumber], value: { ...fields(seized), encumbrances: [] } }]),
      );
      invalidAtValidation(await rogue.forge([{ key: ['unit', unitNumber], value: null }]));
      const unit = await publicSecurity.getUnit(unitNumber);
      expect(unit).to.deep.equal(seized);
      expect(unit.encumbrances.map((e) => e.kind)).to.deep.equal(['SEIZURE']);
    });

    it('finds no honest department to co-endorse its forgery', async function () {
      const err = await rogue.forge(
        [{ key: ['unit', unitNumber], value: { ...fields(seized), encumbrances: [] } }],
        [RE, PS],
      );
      expect(err, err.message).to.be.instanceOf(EndorsementError);
      expect(await publicSecurity.getUnit(unitNumber)).to.deep.equal(seized);
    });

    it('(c) cannot back-date an opening to skip the land-use step: honest endorsers refuse, nothing written', async function () {
      // Wait until the land-use term has ended: opened now, the sale needs Natural Resources.
      const wait = termEndMillis + 1_000 - Date.now();
      if (wait > 0) await sleep(wait);
      const fiveMinutesAgo = Date.now() - 300_000;
      const applicationId = uniqueId('TA-BACKDATED');
      const open = (endorsers: readonly string[]): Promise<unknown> =>
        submitAt(
          rogue.connection,
          CHAINCODE,
          'OpenTransferApplication',
          {
            arguments: [JSON.stringify(saleOf(endingUnit, applicationId))],
            transientData: { transferDetail: JSON.stringify(transferDetail()) },
            endorsingOrganizations: endorsers,
          },
          fiveMinutesAgo,
        );
      // With an honest co-endorser (Tax, a transferDetail member): Tax's clock check refuses.
      const refused = await refusal(open([RE, TAX]));
      expect(refused, refused.message).to.be.instanceOf(ChaincodeError);
      expect(refused.code).to.equal('PRECONDITION_FAILED');
      expect(refused.message).to.match(/proposal timestamp .* from this endorser's clock/);
      // Endorsed by the rogue's own peer alone (its clock check is off): the new keys need two departments.
      invalidAtValidation(await refusal(open([RE])));
      await expect(publicSecurity.getApplication(applicationId))
        .to.be.rejectedWith(ChaincodeError)
        .and.eventually.have.property('code', 'NOT_FOUND');
      expect(await publicSecurity.getUnit(endingUnit)).to.include({ status: 'REGISTERED', openApplicationId: '' });
    });

    it('the honest path still works: with the current time the sale needs the land-use step; with a co-endorser the seizure is released', async function () {
      const application = await step(() =>
        realEstateClient(rogue.connection).openTransferApplication(saleOf(endingUnit), transferDetail()),
      );
      expect(application.requiredSteps).to.deep.equal(['IDENTITY', 'LAND_USE_RIGHT', 'TAX']);
      const released = await step(() =>
        realEstateClient(rogue.connection).releaseSeizure(unitNumber, 'S-1', fp(`release order ${unitNumber}`)),
      );
      expect(released.encumbrances).to.deep.equal([]);
      expect(await publicSecurity.getUnit(unitNumber)).to.deep.equal(released);
    });
  });

  describe('(b) Tax runs a modified chaincode server', function () {
    let rogue: RogueDepartment;
    let applicationId: string;
    let otherApplicationId: string;

    before(async function () {
      applicationId = await openedSale(await registeredUnit());
      otherApplicationId = await openedSale(await registeredUnit());
      rogue = await startRogue('tax', CHAINCODE);
    });

    after(async function () {
      // The set-up may have failed before the rogue started.
      await (rogue as RogueDepartment | undefined)?.restore();
    });

    async function stepsOf(id: string): Promise<Record<string, string>> {
      const progress = await realEstate.getApplicationProgress(id);
      return Object.fromEntries(progress.steps.map((s) => [s.step, s.status]));
    }

    function doneStep(id: string, code: string, departmentMsp: string): Record<string, unknown> {
      return {
        applicationId: id,
        step: code,
        departmentMsp,
        status: 'DONE',
        evidenceFingerprint: fp('forged'),
        assessmentFingerprint: '',
        reasonCode: '',
        identityChecks: [],
        loanId: '',
        mortgageId: '',
        mortgagee: '',
        mortgageContractFingerprint: '',
        landUseKind: '',
        landUseTermEnd: '',
        updatedAt: new Date().toISOString(),
        updatedByMsp: departmentMsp,
        txId: '0'.repeat(64),
      };
    }

    it("cannot forge Public Security's identity step: invalid at validation, the step still pending", async function () {
      const before = await stepsOf(applicationId);
      for (const policy of [undefined, [TAX]]) {
        invalidAtValidation(
          await rogue.forge([
            {
              key: ['step', applicationId, 'IDENTITY'],
              value: doneStep(applicationId, 'IDENTITY', PS),
              ...(policy === undefined ? {} : { policy }),
            },
          ]),
        );
      }
      expect(await stepsOf(applicationId)).to.deep.equal(before);
      expect(before).to.deep.equal({ IDENTITY: 'PENDING', TAX: 'PENDING' });
    });

    it('cannot forge its own step of another application: invalid at validation, the step still pending', async function () {
      invalidAtValidation(
        await rogue.forge([
          { key: ['step', otherApplicationId, 'TAX'], value: doneStep(otherApplicationId, 'TAX', TAX) },
        ]),
      );
      expect(await stepsOf(otherApplicationId)).to.deep.equal({ IDENTITY: 'PENDING', TAX: 'PENDING' });
      const err = await rogue.forge(
        [{ key: ['step', otherApplicationId, 'TAX'], value: doneStep(otherApplicationId, 'TAX', TAX) }],
        [TAX, RE],
      );
      expect(err, err.message).to.be.instanceOf(EndorsementError);
      expect(await stepsOf(otherApplicationId)).to.deep.equal({ IDENTITY: 'PENDING', TAX: 'PENDING' });
    });

    it('the honest path still works: Tax assesses through the genuine transaction with a co-endorser', async function () {
      const assessed = await step(() =>
        realEstateClient(rogue.connection).recordTaxAssessment(
          otherApplicationId,
          { assessmentFingerprint: fp(`assessment ${otherApplicationId}`) },
          { assessedAmount: '85800.00', salt: salt() },
        ),
      );
      expect(assessed).to.include({ step: 'TAX', status: 'ASSESSED' });
      expect(await stepsOf(otherApplicationId)).to.deep.equal({ IDENTITY: 'PENDING', TAX: 'ASSESSED' });
    });
  });

  describe('(d) a private read submitted for commit', function () {
    let applicationId: string;

    before(async function () {
      applicationId = await openedSale(await registeredUnit());
    });

    it('GetTransferDetail submitted with two endorsers is refused FORBIDDEN and never reaches a block', async function () {
      for (const [connection, endorsers] of [
        [reConnection, [RE, TAX]],
        [taxConnection, [TAX, RE]],
      ] as const) {
        const err = await refusal(
          submit(connection.getContract(CHAINCODE), 'GetTransferDetail', {
            arguments: [applicationId],
            // With a response key the caller's own peer endorses (its answer sealed); the other peer must refuse.
            transientData: responseKeyTransient(newResponseKey()),
            endorsingOrganizations: endorsers,
            retry: { maxRetries: 0 },
          }),
        );
        expect(isRefusal(err, 'FORBIDDEN'), err.message).to.equal(true);
        expect(err.message).to.match(/GetTransferDetail runs only on the caller's own peer/);
        expect(err.transactionId, 'transaction id').to.be.a('string');
        await expect(
          connection.network
            .getContract('qscc')
            .evaluate('GetTransactionByID', { arguments: [connection.channel, err.transactionId!] }),
        ).to.be.rejected;
      }
    });

    it('the honest path still works: evaluated on its own peer, each member reads the detail', async function () {
      for (const client of [realEstate, tax]) {
        const detail = await client.getTransferDetail(applicationId);
        expect(detail.transferDetail?.fields.declaredPrice).to.equal(declaredPrice);
      }
    });
  });
});
