import { expect } from './setup';
import { KeyEndorsementPolicy } from 'fabric-shim';
import {
  allOfOrgsPolicy,
  decodeOrgsPolicy,
  majorityOf,
  majorityOfOrgsPolicy,
  nOutOfOrgsPolicy,
} from '@govchain/chaincode-common';

const NINE = [
  'TradingCenterMSP',
  'PublicSecurityMSP',
  'CivilAffairsMSP',
  'MarketRegulationMSP',
  'RealEstateMSP',
  'NaturalResourcesMSP',
  'TaxMSP',
  'ProvidentFundMSP',
  'HealthMSP',
];

describe('key-level endorsement policies', () => {
  it('majorityOf is floor(n/2)+1', () => {
    expect([1, 2, 3, 4, 5, 9, 10].map(majorityOf)).to.deep.equal([1, 2, 2, 3, 3, 5, 6]);
  });

  it('majorityOfOrgsPolicy decodes to 5-out-of-9 peer principals, sorted', () => {
    const policy = decodeOrgsPolicy(majorityOfOrgsPolicy(NINE));
    expect(policy.n).to.equal(5);
    expect(policy.principals.map((principal) => principal.mspId)).to.deep.equal([...NINE].sort());
    expect(policy.principals.every((principal) => principal.role === 'PEER')).to.equal(true);
  });

  it('builds identical bytes whatever the order or duplicates of the input', () => {
    const one = Buffer.from(nOutOfOrgsPolicy(2, ['B', 'A', 'C']));
    const two = Buffer.from(nOutOfOrgsPolicy(2, ['C', 'A', 'B', 'A']));
    expect(one.equals(two)).to.equal(true);
  });

  it('allOfOrgsPolicy requires every org, with the MEMBER role when asked', () => {
    const policy = decodeOrgsPolicy(allOfOrgsPolicy(['HealthMSP', 'TaxMSP'], 'MEMBER'));
    expect(policy).to.deep.equal({
      n: 2,
      principals: [
        { mspId: 'HealthMSP', role: 'MEMBER' },
        { mspId: 'TaxMSP', role: 'MEMBER' },
      ],
    });
  });

  it('is understood by fabric-shim KeyEndorsementPolicy (same protobuf envelope)', () => {
    const decoded = new KeyEndorsementPolicy(majorityOfOrgsPolicy(['A', 'B', 'C']));
    expect(decoded.listOrgs().sort()).to.deep.equal(['A', 'B', 'C']);
  });

  it('decodes a policy built by fabric-shim KeyEndorsementPolicy', () => {
    const shimPolicy = new KeyEndorsementPolicy();
    shimPolicy.addOrgs('PEER', 'MarketRegulationMSP');
    expect(decodeOrgsPolicy(shimPolicy.getPolicy())).to.deep.equal({
      n: 1,
      principals: [{ mspId: 'MarketRegulationMSP', role: 'PEER' }],
    });
    expect(Buffer.from(allOfOrgsPolicy(['MarketRegulationMSP'])).equals(Buffer.from(shimPolicy.getPolicy()))).to.equal(
      true,
    );
  });

  it('refuses an empty org list or an impossible n', () => {
    expect(() => nOutOfOrgsPolicy(1, [])).to.throw(RangeError);
    expect(() => nOutOfOrgsPolicy(0, ['A'])).to.throw(RangeError);
    expect(() => nOutOfOrgsPolicy(3, ['A', 'B'])).to.throw(RangeError);
    expect(() => nOutOfOrgsPolicy(1.5, ['A', 'B'])).to.throw(RangeError);
  });

  it('refuses to decode bytes that are not a flat n-out-of policy', () => {
    expect(() => decodeOrgsPolicy(new Uint8Array())).to.throw(/not an n-out-of policy/);
  });
});
