import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from './setup';
import {
  DEFAULT_MAX_CLOCK_SKEW_MILLIS,
  GovchainContract,
  describePolicy,
  jointOwnersPolicy,
  loadGovernance,
  maxClockSkewMillis,
  ownerAndOtherPolicy,
  requireCallersOwnPeer,
  requirePeerOf,
  requireTimelyProposal,
} from '@govchain/chaincode-common';
import { TestContext } from '../../support';

describe('trust: what every endorser enforces on its own', () => {
  describe('ownerAndOtherPolicy', () => {
    it('needs the owner and one other department, never the owner alone', () => {
      const policy = ownerAndOtherPolicy('HealthMSP', ['TaxMSP', 'HealthMSP', 'CivilAffairsMSP']);
      expect(describePolicy(policy)).to.equal("AND('HealthMSP.peer', OutOf(1, 'CivilAffairsMSP.peer', 'TaxMSP.peer'))");
    });

    it('gives identical bytes whatever the order or duplicates of the departments', () => {
      const one = Buffer.from(ownerAndOtherPolicy('A', ['C', 'B', 'A']));
      const two = Buffer.from(ownerAndOtherPolicy('A', ['B', 'B', 'C']));
      expect(one.equals(two)).to.equal(true);
    });

    it('refuses when no other department could co-endorse', () => {
      expect(() => ownerAndOtherPolicy('A', ['A'])).to.throw(RangeError, /no department other than A/);
    });

    it('jointOwnersPolicy needs both owners when they differ, owner and other when they are one', () => {
      expect(describePolicy(jointOwnersPolicy('B', 'A', ['A', 'B', 'C'], 'MEMBER'))).to.equal(
        "AND('A.member', 'B.member')",
      );
      expect(describePolicy(jointOwnersPolicy('A', 'A', ['A', 'B', 'C']))).to.equal(
        "AND('A.peer', OutOf(1, 'B.peer', 'C.peer'))",
      );
    });
  });

  describe('requireTimelyProposal', () => {
    const ctx = new TestContext({ time: '2026-01-01T00:00:00.000Z' });
    const proposed = Date.parse('2026-01-01T00:00:00.000Z');

    it('accepts a timestamp within the bound either way', () => {
      expect(() => {
        requireTimelyProposal(ctx, proposed + 30_000, 30_000);
      }).not.to.throw();
      expect(() => {
        requireTimelyProposal(ctx, proposed - 30_000, 30_000);
      }).not.to.throw();
    });

    it('refuses a back-dated or future timestamp with PRECONDITION_FAILED', () => {
      expect(() => {
        requireTimelyProposal(ctx, proposed + 3_600_000, 30_000);
      }).to.throw(
        /^PRECONDITION_FAILED: proposal timestamp 2026-01-01T00:00:00.000Z is -3600 s from this endorser's clock/,
      );
      expect(() => {
        requireTimelyProposal(ctx, proposed - 31_000, 30_000);
      }).to.throw(/is 31 s from/);
    });

    it('reads the bound from GOVCHAIN_MAX_CLOCK_SKEW_SECONDS, 30 s by default', () => {
      expect(maxClockSkewMillis({})).to.equal(DEFAULT_MAX_CLOCK_SKEW_MILLIS);
      expect(maxClockSkewMillis({ GOVCHAIN_MAX_CLOCK_SKEW_SECONDS: '5' })).to.equal(5000);
      expect(() => maxClockSkewMillis({ GOVCHAIN_MAX_CLOCK_SKEW_SECONDS: '-1' })).to.throw(/positive number/);
    });

    it('is what GovchainContract runs before every transaction', async () => {
      const contract = new GovchainContract('test');
      const stale = new TestContext({ time: '2020-01-01T00:00:00.000Z' });
      await expect(contract.beforeTransaction(stale)).to.be.rejectedWith(/^PRECONDITION_FAILED: proposal timestamp/);
      const fresh = new TestContext({ time: new Date().toISOString() });
      await expect(contract.beforeTransaction(fresh)).to.be.fulfilled;
    });
  });

  describe('requireCallersOwnPeer', () => {
    it('runs on the caller’s own peer and refuses on another organization’s', () => {
      const ctx = new TestContext({ mspId: 'TaxMSP' });
      ctx.peerMsp = 'TaxMSP';
      expect(requireCallersOwnPeer(ctx, 'read transfer detail')).to.equal('TaxMSP');
      ctx.peerMsp = 'RealEstateMSP';
      expect(() => requireCallersOwnPeer(ctx, 'read transfer detail')).to.throw(
        /^FORBIDDEN: read transfer detail runs only on the caller's own peer \(caller TaxMSP, peer RealEstateMSP\)/,
      );
    });
  });

  describe('requirePeerOf', () => {
    it('runs on a peer of the named organization only', () => {
      const ctx = new TestContext({ mspId: 'TaxMSP' });
      ctx.peerMsp = 'HealthMSP';
      expect(() => {
        requirePeerOf(ctx, 'HealthMSP', 'reading the detail');
      }).not.to.throw();
      ctx.peerMsp = 'TaxMSP';
      expect(() => {
        requirePeerOf(ctx, 'HealthMSP', 'reading the detail');
      }).to.throw(/^FORBIDDEN: reading the detail runs only on a peer of HealthMSP \(this peer: TaxMSP\)$/);
    });
  });

  describe('loadGovernance', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govchain-governance-'));
    const file = (name: string, content: unknown): string => {
      const p = path.join(dir, name);
      writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
      return p;
    };

    it('returns the departments sorted, and 600 holder-reference grants per hour when the file sets none', () => {
      const env = { GOVCHAIN_GOVERNANCE_FILE: file('ok.json', { departmentMsps: ['TaxMSP', 'HealthMSP'] }) };
      expect(loadGovernance(env)).to.deep.equal({
        departmentMsps: ['HealthMSP', 'TaxMSP'],
        holderRefGrantsPerHour: 600,
        roles: {},
        enforceClerkRoles: false,
      });
    });

    it('reads a file again once it is rewritten or replaced, and never keeps a refusal', () => {
      const p = file('changing.json', { departmentMsps: ['TaxMSP', 'HealthMSP'] });
      const env = { GOVCHAIN_GOVERNANCE_FILE: p };
      expect(loadGovernance(env).departmentMsps).to.deep.equal(['HealthMSP', 'TaxMSP']);
      // Rewritten in place with the same size: the change time and content differ.
      writeFileSync(p, JSON.stringify({ departmentMsps: ['TaxMSP', 'CivilsMSP'] }));
      expect(loadGovernance(env).departmentMsps).to.deep.equal(['CivilsMSP', 'TaxMSP']);
      // Replaced by another file (as network:up writes it).
      const next = file('changing.next', { departmentMsps: ['TaxMSP', 'HealthMSP', 'CivilMSP'] });
      renameSync(next, p);
      expect(loadGovernance(env).departmentMsps).to.deep.equal(['CivilMSP', 'HealthMSP', 'TaxMSP']);
      writeFileSync(p, '{"departmentMsps": ["TaxMSP"]}');
      for (let i = 0; i < 2; i++) {
        expect(() => loadGovernance(env)).to.throw(
          /^PRECONDITION_FAILED: the governance file must list departmentMsps/,
        );
      }
      rmSync(p);
      expect(() => loadGovernance(env)).to.throw(/^PRECONDITION_FAILED: this endorser cannot read its governance file/);
    });

    it('reads enforceClerkRoles, and refuses one that is not a boolean', () => {
      const content = { departmentMsps: ['TaxMSP', 'HealthMSP'], enforceClerkRoles: true };
      expect(loadGovernance({ GOVCHAIN_GOVERNANCE_FILE: file('clerks.json', content) })).to.include({
        enforceClerkRoles: true,
      });
      for (const bad of ['true', 1, null]) {
        const env = { GOVCHAIN_GOVERNANCE_FILE: file('bad-clerks.json', { ...content, enforceClerkRoles: bad }) };
        expect(() => loadGovernance(env), String(bad)).to.throw(
          /^PRECONDITION_FAILED: the governance file's enforceClerkRoles must be true or false/,
        );
      }
    });

    it('reads the roles, sorted, and refuses a role held by no department of the file or named badly', () => {
      const content = { departmentMsps: ['TaxMSP', 'HealthMSP', 'RealEstateMSP'] };
      const roles = { taxAuthority: ['TaxMSP'], inspectors: ['TaxMSP', 'HealthMSP'] };
      expect(
        loadGovernance({ GOVCHAIN_GOVERNANCE_FILE: file('roles.json', { ...content, roles }) }).roles,
      ).to.deep.equal({ taxAuthority: ['TaxMSP'], inspectors: ['HealthMSP', 'TaxMSP'] });
      for (const bad of [[], ['TaxMSP'], { taxAuthority: ['Tax2MSP'] }, { 'Tax Authority': ['TaxMSP'] }]) {
        const env = { GOVCHAIN_GOVERNANCE_FILE: file('bad-roles.json', { ...content, roles: bad }) };
        expect(() => loadGovernance(env), JSON.stringify(bad)).to.throw(
          /^PRECONDITION_FAILED: the governance file's role/,
        );
      }
    });

    it('reads holderRefGrantsPerHour, and refuses one that is not a positive integer', () => {
      const content = { departmentMsps: ['TaxMSP', 'HealthMSP'], holderRefGrantsPerHour: 5 };
      expect(loadGovernance({ GOVCHAIN_GOVERNANCE_FILE: file('limit.json', content) })).to.include({
        holderRefGrantsPerHour: 5,
      });
      for (const bad of [0, -1, 1.5, '600']) {
        const env = { GOVCHAIN_GOVERNANCE_FILE: file('bad-limit.json', { ...content, holderRefGrantsPerHour: bad }) };
        expect(() => loadGovernance(env)).to.throw(
          /^PRECONDITION_FAILED: the governance file's holderRefGrantsPerHour/,
        );
      }
    });

    it('refuses a missing setting, an unreadable file and malformed lists with PRECONDITION_FAILED', () => {
      expect(() => loadGovernance({})).to.throw(/^PRECONDITION_FAILED: this endorser has no governance file/);
      expect(() => loadGovernance({ GOVCHAIN_GOVERNANCE_FILE: path.join(dir, 'none.json') })).to.throw(
        /^PRECONDITION_FAILED: this endorser cannot read its governance file/,
      );
      for (const bad of [
        { departmentMsps: ['TaxMSP'] },
        { departmentMsps: ['A', 'A'] },
        { departmentMsps: [1, 2] },
        [],
      ]) {
        expect(() => loadGovernance({ GOVCHAIN_GOVERNANCE_FILE: file('bad.json', bad) })).to.throw(
          /^PRECONDITION_FAILED: the governance file must list departmentMsps/,
        );
      }
    });
  });
});
