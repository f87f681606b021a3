import { expect } from 'chai';
import * as path from 'node:path';
import { governanceOf, layoutFor, listProfiles, loadTopology, pathsFor } from '@govchain/network';
import { CONFIG } from '@govchain/bid-record';
import { ROLES } from '@govchain/real-estate';
import { UNIT_GOVERNANCE_MSPS, UNIT_GOVERNANCE_ROLES } from '../../support/env';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The role-config stores of the chaincodes that take roles from the governance file, by chaincode name. */
const STORES = { 'real-estate': ROLES, 'bid-record': CONFIG } as const;

function governanceOfProfile(name: string): ReturnType<typeof governanceOf> {
  return governanceOf(layoutFor(loadTopology(ROOT, name), pathsFor(ROOT, '/tmp/govchain-unit-home')));
}

describe('topologies: the departments’ roles the chaincodes seed from', function () {
  for (const profile of listProfiles(ROOT)) {
    it(`${profile}: gives every deployed chaincode the roles it needs`, function () {
      const topology = loadTopology(ROOT, profile);
      const governance = { ...governanceOfProfile(profile), holderRefGrantsPerHour: 600 };
      for (const { name } of topology.chaincodes) {
        const store = STORES[name as keyof typeof STORES] as (typeof STORES)[keyof typeof STORES] | undefined;
        // governed() throws PRECONDITION_FAILED naming a role the governance file lacks, as seeding would.
        if (store !== undefined) expect(() => store.governed(governance), `${profile} ${name}`).not.to.throw();
      }
    });
  }

  it('default: the trading centres, the regulator and the bidder key authority of bid-record', function () {
    const { roles } = governanceOfProfile('default');
    expect(roles).to.deep.include({
      tradingCentre: ['TradingCenter2MSP', 'TradingCenterMSP'],
      regulator: ['MarketRegulationMSP'],
      bidderKeyAuthority: ['MarketRegulationMSP'],
    });
  });

  it('bft: the same roles as default', function () {
    expect(governanceOfProfile('bft').roles).to.deep.equal(governanceOfProfile('default').roles);
  });

  it("default: is the unit tests' governance file", function () {
    const governance = governanceOfProfile('default');
    expect(governance.departmentMsps).to.deep.equal([...UNIT_GOVERNANCE_MSPS]);
    expect(governance.roles).to.deep.equal(UNIT_GOVERNANCE_ROLES);
  });

  it('a topology whose trading centre lost its role fails the seeding, naming the role', function () {
    const governance = { ...governanceOfProfile('default'), holderRefGrantsPerHour: 600 };
    const roles = Object.fromEntries(Object.entries(governance.roles).filter(([role]) => role !== 'tradingCentre'));
    expect(() => CONFIG.governed({ ...governance, roles })).to.throw(
      /^PRECONDITION_FAILED: this endorser's governance file must give role tradingCentre 1 to 64 department\(s\) \(it gives none\)$/,
    );
  });
});
