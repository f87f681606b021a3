import { AWAITING_INDEX, OWNER_INDEX, RealEstateContract } from '@govchain/real-estate';
import { GovchainContract, MAX_CLOCK_SKEW_ENV } from '@govchain/chaincode-common';
import { TestContext } from '../../support';
import {
  ALL_STEPS,
  APP,
  CERT_2,
  PS,
  registerSale,
  registeredUnit,
  type ApplicationRecord,
  CA,
  Ledger,
  NR,
  PF,
  RE,
  SELLER,
  STRANGER,
  T0,
  TAX,
  UNIT,
  applicationJson,
  expect,
  fp,
  landUseRightJson,
  openSale,
  parse,
  registrationJson,
  holderTransient,
  BUYER_A,
  runSteps,
  transferDetailTransient,
  unitJson,
} from './fixtures';

/**
 * @param iso - an ISO-8601 time
 * @param seconds - seconds to add
 * @returns the time that many seconds later
 */
function plus(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

const DAY = 86_400;

/**
 * Confirms (a day before T0) a land-use right with the given term end and registers the unit at T0.
 *
 * @param termEnd - the term end
 * @returns the ledger
 */
async function unitWithTermEnd(termEnd: string): Promise<Ledger> {
  const ledger = await Ledger.create();
  const { ctx, contract } = ledger;
  await ledger.submit(() => contract.ConfirmLandUseRight(ctx, landUseRightJson({ termEnd })), {
    mspId: NR,
    time: plus(T0, -DAY),
  });
  await ledger.submit(() => contract.RegisterUnit(ctx, unitJson()), {
    mspId: RE,
    time: T0,
    transient: holderTransient(SELLER),
  });
  return ledger;
}

/**
 * @param ledger - the ledger
 * @param time - the transaction time
 * @param id - the application id
 * @returns the steps the standard sale (no loan, no married party) needs when opened then
 */
async function stepsOpenedAt(ledger: Ledger, time: string, id = APP): Promise<string[]> {
  const { ctx, contract } = ledger;
  const text = await ledger.submit(
    () => contract.OpenTransferApplication(ctx, applicationJson({ id, providentFundLoan: false, marriedParty: false })),
    { mspId: RE, time, transient: transferDetailTransient() },
  );
  return parse<ApplicationRecord>(text).requiredSteps;
}

describe('real-estate trust: the clock', () => {
  it('is a GovchainContract: each endorser refuses a proposal timestamp off its own clock', async () => {
    const contract = new RealEstateContract();
    expect(contract).to.be.instanceOf(GovchainContract);
    const now = new Date().toISOString();
    await contract.beforeTransaction(new TestContext({ mspId: RE, time: now }));
    for (const seconds of [-3600, -31, 31, 3600]) {
      const ctx = new TestContext({ mspId: RE, time: plus(now, seconds) });
      await expect(contract.beforeTransaction(ctx), String(seconds)).to.be.rejectedWith(
        /^PRECONDITION_FAILED: proposal timestamp /,
      );
    }
  });

  it('needs the land-use step for a term that ends within the skew bound after the transaction time', async () => {
    for (const [offset, needed] of [
      [-DAY / 2, true],
      [0, true],
      [20, true],
      [30, true],
      [31, false],
      [DAY, false],
    ] as const) {
      const ledger = await unitWithTermEnd(plus(T0, offset));
      const steps = await stepsOpenedAt(ledger, T0);
      expect(steps.includes('LAND_USE_RIGHT'), `term ending ${offset} s after the transaction`).to.equal(needed);
    }
  });

  it('follows the configured skew bound', async () => {
    const before = process.env[MAX_CLOCK_SKEW_ENV];
    process.env[MAX_CLOCK_SKEW_ENV] = '120';
    try {
      const ledger = await unitWithTermEnd(plus(T0, 100));
      expect(await stepsOpenedAt(ledger, T0)).to.include('LAND_USE_RIGHT');
    } finally {
      if (before === undefined) Reflect.deleteProperty(process.env, MAX_CLOCK_SKEW_ENV);
      else process.env[MAX_CLOCK_SKEW_ENV] = before;
    }
  });

  it('refuses to confirm a term that ends within the skew bound, and takes one just beyond', async () => {
    const ledger = await Ledger.create();
    const { ctx, contract } = ledger;
    await ledger.refuses(
      () => contract.ConfirmLandUseRight(ctx, landUseRightJson({ termEnd: plus(T0, 30) })),
      { mspId: NR, time: T0 },
      /^INVALID_ARGUMENT: landUseRight.termEnd must be more than 30 s after the transaction time$/,
    );
    await ledger.submit(() => contract.ConfirmLandUseRight(ctx, landUseRightJson({ termEnd: plus(T0, 31) })), {
      mspId: NR,
      time: T0,
    });
  });

  it('refuses registration when the term ended while an application without the land-use step was open', async () => {
    const ledger = await unitWithTermEnd(plus(T0, DAY));
    const { ctx, contract } = ledger;
    expect(await stepsOpenedAt(ledger, T0)).to.deep.equal(['IDENTITY', 'TAX']);
    await runSteps(ledger, ['identity', 'assess', 'clear']);
    await ledger.refuses(
      () => contract.RegisterTransfer(ctx, APP, registrationJson()),
      { mspId: RE, time: plus(T0, 2 * DAY), transient: holderTransient(BUYER_A) },
      /^PRECONDITION_FAILED: the land-use term of unit U-310101-0001 has ended since transfer application TA-2025-0001 was opened; withdraw it and open it again for NaturalResourcesMSP to confirm the land-use right$/,
    );
    await ledger.submit(() => contract.WithdrawApplication(ctx, APP, fp('withdrawal')), { mspId: RE });
    expect(await stepsOpenedAt(ledger, plus(T0, 2 * DAY), 'TA-2')).to.deep.equal(['IDENTITY', 'LAND_USE_RIGHT', 'TAX']);
  });
});

describe('real-estate trust: private reads', () => {
  it('GetTransferDetail refuses to run on another department’s peer, before anything else', async () => {
    const ledger = await Ledger.create();
    const { ctx, contract } = ledger;
    for (const [caller, peer] of [
      [RE, TAX],
      [TAX, RE],
      [PF, RE],
      [RE, CA],
    ] as const) {
      ctx.peerMsp = peer;
      await expect(
        ledger.evaluate(() => contract.GetTransferDetail(ctx, 'not a valid id!'), { mspId: caller }),
        `${caller} on ${peer}`,
      ).to.be.rejectedWith(
        new RegExp(
          `^FORBIDDEN: GetTransferDetail runs only on the caller's own peer \\(caller ${caller}, peer ${peer}\\)$`,
        ),
      );
      expect(ctx.stub.getPrivateData.called).to.equal(false);
      expect(ctx.stub.getState.called).to.equal(false);
    }
    ctx.peerMsp = undefined;
  });
});

describe('real-estate trust: endorsed on a second department’s peer', () => {
  it('registers a unit and a transfer on the co-endorser’s peer too (no own-peer-only call inside)', async () => {
    const ledger = await Ledger.create();
    const { ctx } = ledger;
    const onPeer = async (peer: string, run: () => Promise<unknown>): Promise<void> => {
      ctx.peerMsp = peer;
      try {
        await run();
      } finally {
        ctx.peerMsp = undefined;
      }
    };
    await onPeer(PS, () => registeredUnit(ledger));
    await onPeer(TAX, () => openSale(ledger));
    await onPeer(RE, () => runSteps(ledger, ALL_STEPS));
    await onPeer(PS, () => registerSale(ledger));
    expect(ledger.licence(CERT_2)).to.deep.include({ status: 'ACTIVE', holderRef: BUYER_A.holderRef });
  });
});

describe('real-estate trust: indexes are hints', () => {
  it('ListUnitsByOwner lists only units that name the holder among their owners', async () => {
    const ledger = await unitWithTermEnd('2085-01-01T00:00:00Z');
    const { ctx, contract } = ledger;
    ctx.world.state.set(ctx.stub.createCompositeKey(OWNER_INDEX, [STRANGER.holderRef, UNIT]), new Uint8Array([0]));
    const list = async (holderRef: string): Promise<string[]> =>
      parse<{ records: { unitNumber: string }[] }>(
        await ledger.evaluate(() => contract.ListUnitsByOwner(ctx, holderRef, '', '')),
      ).records.map((unit) => unit.unitNumber);
    expect(await list(STRANGER.holderRef)).to.deep.equal([]);
    expect(await list(SELLER.holderRef)).to.deep.equal([UNIT]);
  });

  it('ListApplicationsAwaiting lists only applications that wait on the department', async () => {
    const ledger = await unitWithTermEnd('2085-01-01T00:00:00Z');
    const { ctx, contract } = ledger;
    await openSale(ledger, { providentFundLoan: false, marriedParty: false });
    await runSteps(ledger, ['identity']);
    for (const msp of [CA, RE, 'PublicSecurityMSP']) {
      ctx.world.state.set(ctx.stub.createCompositeKey(AWAITING_INDEX, [msp, APP]), new Uint8Array([0]));
    }
    const queue = async (msp: string): Promise<string[]> =>
      parse<{ records: { applicationId: string }[] }>(
        await ledger.evaluate(() => contract.ListApplicationsAwaiting(ctx, msp, '', '')),
      ).records.map((progress) => progress.applicationId);
    expect(await queue(CA), 'no marital step').to.deep.equal([]);
    expect(await queue(RE), 'not ready').to.deep.equal([]);
    expect(await queue('PublicSecurityMSP'), 'identity done').to.deep.equal([]);
    expect(await queue(TAX), 'tax pending').to.deep.equal([APP]);
    await runSteps(ledger, ['assess', 'clear']);
    expect(await queue(RE), 'ready').to.deep.equal([APP]);
  });
});
