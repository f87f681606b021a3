import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { governanceOf, layoutFor, listProfiles, loadTopology, pathsFor } from '@govchain/network';
import { CONFIG } from '@govchain/bid-record';
import { SEED_TYPES_FILE, loadSeedTypes } from '@govchain/e-license';
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
        // e-license seeds the licence types whose issuer role a department holds, and refuses when none is.
        if (name === 'e-license') {
          expect(loadSeedTypes(SEED_TYPES_FILE, governance.roles), `${profile} ${name}`).not.to.be.empty;
        }
      }
    });
  }

  for (const profile of ['default', 'bft']) {
    it(`${profile}: gives the issuer role of every licence type of e-license's seed to one department but the one a joining department holds`, function () {
      const seeded = loadSeedTypes(SEED_TYPES_FILE, governanceOfProfile(profile).roles);
      const seed = JSON.parse(readFileSync(SEED_TYPES_FILE, 'utf8')) as { code: string; issuerRole: string }[];
      // The Education Bureau (network/departments/education.yaml) brings its issuer role when it joins.
      const atStart = seed.filter((type) => type.issuerRole !== 'educationAuthority');
      expect(atStart).to.have.length(seed.length - 1);
      expect(seeded.map((type) => type.code)).to.deep.equal(atStart.map((type) => type.code).sort());
    });
  }

  it('small: seeds the licence types of its three departments only', function () {
    const seeded = loadSeedTypes(SEED_TYPES_FILE, governanceOfProfile('small').roles);
    expect(Object.fromEntries(seeded.map((type) => [type.code, type.issuerMsp]))).to.deep.equal({
      BUSINESS_LICENCE: 'MarketRegulationMSP',
      IDENTITY_DOCUMENT: 'PublicSecurityMSP',
      REAL_ESTATE_CERTIFICATE: 'RealEstateMSP',
    });
  });

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
