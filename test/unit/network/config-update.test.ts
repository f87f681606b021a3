import { expect } from 'chai';
import { applyChange, changedGroups, signaturesNeeded, unmetNeeds, type ChannelConfig } from '@govchain/network';

/** A channel configuration as configtxlator decodes it, cut to what the tool reads. */
const CONFIG = {
  channel_group: {
    groups: {
      Application: { groups: { AMSP: {}, BMSP: {}, CMSP: {}, DMSP: {} } },
      Orderer: {
        groups: { InfoCenterMSP: {} },
        values: {
          BatchSize: { value: { max_message_count: 100, absolute_max_bytes: 10485760 } },
          BatchTimeout: { value: { timeout: '250ms' } },
        },
      },
    },
  },
} as unknown as ChannelConfig;

describe('channel configuration updates as a tool', function () {
  describe('which groups an update changes (read set against write set)', function () {
    it('a value whose version moved changes its group only, also when the read set leaves it out', function () {
      const read = { groups: { Orderer: { version: '1', values: { BatchSize: { version: '0' } } } } };
      const write = { groups: { Orderer: { version: '1', values: { BatchSize: { version: '1' } } } } };
      expect(changedGroups(read, write)).to.deep.equal([['Orderer']]);
      expect(changedGroups({ groups: { Orderer: { version: '1' } } }, write)).to.deep.equal([['Orderer']]);
    });

    it('an organization added changes the Application group only: its new group needs no policy of its own', function () {
      const read = { groups: { Application: { version: '4', groups: { AMSP: { version: '0' } } } } };
      const write = {
        groups: {
          Application: { version: '5', groups: { AMSP: { version: '0' }, EMSP: { values: { MSP: {} } } } },
        },
      };
      expect(changedGroups(read, write)).to.deep.equal([['Application']]);
    });

    it('an anchor peer added to one department changes that department’s group', function () {
      const read = { groups: { Application: { groups: { AMSP: { version: '0', values: {} } } } } };
      const write = { groups: { Application: { groups: { AMSP: { version: '1', values: { AnchorPeers: {} } } } } } };
      expect(changedGroups(read, write)).to.deep.equal([['Application', 'AMSP']]);
    });

    it('nothing moved: nothing changed', function () {
      const same = { groups: { Orderer: { version: '1', values: { BatchSize: { version: '2' } } } } };
      expect(changedGroups(same, same)).to.deep.equal([]);
    });
  });

  describe('what the changed groups’ Admins policies need', function () {
    it('a department’s group: its own admin; the Application group: a majority of the departments', function () {
      expect(signaturesNeeded(CONFIG, [['Application', 'BMSP'], ['Application']])).to.deep.equal([
        { what: 'BMSP Admins', need: 1, from: ['BMSP'] },
        { what: 'Application Admins', need: 3, from: ['AMSP', 'BMSP', 'CMSP', 'DMSP'] },
      ]);
    });

    it('the Orderer group: a majority of the ordering organizations; the channel group: both majorities', function () {
      expect(signaturesNeeded(CONFIG, [['Orderer']]).map((n) => n.what)).to.deep.equal(['Orderer Admins']);
      expect(signaturesNeeded(CONFIG, [[]]).map((n) => `${n.what} ${n.need}`)).to.deep.equal([
        'Application Admins 3',
        'Orderer Admins 1',
      ]);
    });

    it('names each need the signers do not meet, with who signed', function () {
      const needs = signaturesNeeded(CONFIG, [['Application']]);
      expect(unmetNeeds(needs, new Set(['AMSP', 'BMSP', 'CMSP']))).to.deep.equal([]);
      expect(unmetNeeds(needs, new Set(['AMSP', 'InfoCenterMSP']))).to.deep.equal([
        'Application Admins needs 3 of 4 (AMSP, BMSP, CMSP, DMSP); signed by 1 (AMSP)',
      ]);
    });
  });

  describe('the changes propose knows by name', function () {
    it('sets the batch timeout and size in the Orderer group, leaving the original as it was', function () {
      const changed = applyChange(CONFIG, { batchTimeout: '2s', maxMessageCount: 50 }) as typeof CONFIG & {
        channel_group: { groups: { Orderer: { values: Record<string, { value: Record<string, unknown> }> } } };
      };
      expect(changed.channel_group.groups.Orderer.values.BatchTimeout?.value).to.deep.equal({ timeout: '2s' });
      expect(changed.channel_group.groups.Orderer.values.BatchSize?.value).to.include({ max_message_count: 50 });
      expect(JSON.stringify(CONFIG)).to.include('"250ms"');
    });

    it('refuses an empty change and a malformed duration before anything is fetched or written', function () {
      expect(() => applyChange(CONFIG, {})).to.throw(/propose needs a change/);
      expect(() => applyChange(CONFIG, { batchTimeout: 'soon' })).to.throw(/--batch-timeout takes a duration/);
    });
  });
});
