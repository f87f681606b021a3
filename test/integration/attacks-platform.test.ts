import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import {
  ChaincodeError,
  CommitError,
  EndorsementError,
  evaluate,
  submit,
  waitForBlock,
  type GovchainConnection,
} from '@govchain/gateway-client';
import { type RogueDepartment, invalidAtValidation, startRogue, submitAt } from './rogue';
import { connectAs, uniqueId } from './support';

chai.use(chaiAsPromised);
const { expect } = chai;

/**
 * The harness itself, on the control chaincode: a department running a
 * modified chaincode server can endorse anything on its own peer, and the
 * platform still refuses it. The chaincode-specific attacks are in
 * attacks-<chaincode>.test.ts.
 */
describe('attacks on the platform: a rogue department (Tax) and forged time', function () {
  let rogue: RogueDepartment;
  let health: GovchainConnection;

  before(async function () {
    health = await connectAs('health');
    rogue = await startRogue('tax', 'control');
  });

  after(async function () {
    await rogue.restore();
    health.close();
  });

  it('a write endorsed by the rogue peer alone fails validation and writes nothing', async function () {
    const key = uniqueId('rogue');
    const err = await rogue.forge([{ key, value: { forged: true } }]);
    invalidAtValidation(err);
    await expect(evaluate(health.getContract('control'), 'Get', { arguments: [key] }))
      .to.be.rejectedWith(ChaincodeError)
      .and.eventually.have.property('code', 'NOT_FOUND');
  });

  it('an honest department will not co-endorse what only the modified code does', async function () {
    const key = uniqueId('rogue');
    const err = await rogue.forge([{ key, value: { forged: true } }], ['TaxMSP', 'HealthMSP']);
    expect(err).to.be.instanceOf(EndorsementError);
    await expect(evaluate(health.getContract('control'), 'Get', { arguments: [key] }))
      .to.be.rejectedWith(ChaincodeError)
      .and.eventually.have.property('code', 'NOT_FOUND');
  });

  it('the owner alone cannot rewrite its own record: its key needs the owner and one other department', async function () {
    // Tax writes a record shaped like a licence (public value, private detail, key-level policy),
    // endorsed by its own peer and Health's. Before issue 11 the policy was 1-of-[owner].
    const key = uniqueId('owned');
    const written = await submit(rogue.connection.getContract('control'), 'PutWithDetail', {
      arguments: [key, '{"v":1}'],
      transientData: { detail: 'detail' },
      endorsingOrganizations: ['TaxMSP', 'HealthMSP'],
    });
    await waitForBlock([health], written.blockNumber);
    // Tax's modified server rewrites it, endorsed by Tax alone, and also tries to narrow the policy.
    for (const write of [
      { key, value: { v: 2 } },
      { key, value: { v: 2 }, policy: ['TaxMSP'] },
      { key, value: null },
    ]) {
      const err = await rogue.forge([write]);
      invalidAtValidation(err);
    }
    expect(await evaluate(health.getContract('control'), 'Get', { arguments: [key] })).to.deep.equal({ v: 1 });
  });

  it('honest endorsers refuse a proposal back-dated by five minutes; the rogue endorser alone cannot commit it', async function () {
    // Fabric's peers refuse timestamps more than peer.authentication.timewindow (15 min) away; our
    // chaincodes bound the rest to ±30 s.
    const key = uniqueId('late');
    const fiveMinutesAgo = Date.now() - 300_000;
    const refused = submitAt(health, 'control', 'Put', { arguments: [key, '{"v":1}'] }, fiveMinutesAgo);
    await expect(refused)
      .to.be.rejectedWith(ChaincodeError, /proposal timestamp .* from this endorser's clock/)
      .and.eventually.have.property('code', 'PRECONDITION_FAILED');
    // The rogue's own server lets the time through, but a second, honest endorser is still needed.
    const alone = submitAt(
      rogue.connection,
      'control',
      'Put',
      { arguments: [key, '{"v":1}'], endorsingOrganizations: ['TaxMSP'] },
      fiveMinutesAgo,
    );
    await expect(alone)
      .to.be.rejectedWith(CommitError)
      .and.eventually.have.property('code', 'ENDORSEMENT_POLICY_FAILURE');
    await expect(evaluate(health.getContract('control'), 'Get', { arguments: [key] }))
      .to.be.rejectedWith(ChaincodeError)
      .and.eventually.have.property('code', 'NOT_FOUND');
  });

  it('Fabric itself refuses a timestamp an hour old, before any chaincode runs', async function () {
    const key = uniqueId('old');
    await expect(
      submitAt(health, 'control', 'Put', { arguments: [key, '{"v":1}'] }, Date.now() - 3_600_000),
    ).to.be.rejectedWith(EndorsementError, /incorrect timestamp/);
  });

  it('the same transaction with the current time commits (the honest path)', async function () {
    const key = uniqueId('now');
    const ok = await submitAt(health, 'control', 'Put', { arguments: [key, '{"v":1}'] }, Date.now());
    expect(ok.blockNumber > 0n).to.equal(true);
    expect(await evaluate(health.getContract('control'), 'Get', { arguments: [key] })).to.deep.equal({ v: 1 });
  });
});
