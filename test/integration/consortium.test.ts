import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import {
  type GovchainConnection,
  eLicenseClient,
  evaluate,
  fingerprintBuffer,
  listDepartments,
  submit,
} from '@govchain/gateway-client';
import {
  address,
  currentLayout,
  fetchChannelConfig,
  type NetworkStatus,
  pathsFor,
  ProcessTable,
  resolveFabric,
} from '@govchain/network';
import { connectAs, HOME, networkCli, networkStatus, ROOT, suiteDirectory, uniqueId, waitForStatus } from './support';
import { newPerson } from './test-data';

chai.use(chaiAsPromised);
const { expect } = chai;

const EDUCATION_FILE = path.join(ROOT, 'network', 'departments', 'education.yaml');
const EDUCATION_MSP = 'EducationMSP';

/** What the traffic saw: each write reported committed (its key and value), and each reported failure. */
interface Traffic {
  readonly committed: { key: string; value: string }[];
  readonly failed: string[];
  stop: () => Promise<void>;
}

/**
 * Control writes submitted one after another by Tax until stopped: the traffic the network serves while
 * its membership changes.
 */
function startTraffic(connection: GovchainConnection): Traffic {
  const contract = connection.getContract('control');
  const traffic: Traffic = { committed: [], failed: [], stop: () => Promise.resolve() };
  const state = { running: true };
  const loop = (async () => {
    for (let i = 0; state.running; i++) {
      const key = uniqueId(`consortium-${i}`);
      const value = JSON.stringify({ i });
      try {
        await submit(contract, 'Put', { arguments: [key, value] });
        traffic.committed.push({ key, value });
      } catch (err) {
        traffic.failed.push(`${key}: ${(err as Error).message.split('\n')[0] ?? ''}`);
      }
    }
  })();
  traffic.stop = async () => {
    state.running = false;
    await loop;
  };
  return traffic;
}

/**
 * Waits until every peer of the network has caught up with the highest height any peer had when asked, and
 * returns the lowest height then. (Not "all at one height": Tax's traffic keeps committing blocks while the
 * status reads the peers one by one, so under load equal heights in one reading may never come.)
 */
async function sameHeight(): Promise<number> {
  const peerHeights = (s: NetworkStatus): (number | null)[] =>
    s.nodes.filter((n) => n.kind === 'peer').map((n) => n.height);
  const target = Math.max(...peerHeights(await networkStatus()).map((h) => h ?? 0));
  const status = await waitForStatus(`every peer at height ${target} or above`, (s) =>
    peerHeights(s).every((h) => h !== null && h >= target),
  );
  return Math.min(...peerHeights(status).map((h) => h ?? 0));
}

/**
 * A proposal signed by a department's client identity, sent to another department's peer directly
 * (fabric-gateway, no govchain code between): what a removed department can still try.
 */
async function evaluateAs(domain: string, mspId: string, through: string): Promise<unknown> {
  const layout = currentLayout(ROOT);
  const peer = layout.orgs.find((o) => o.department.key === through);
  if (peer === undefined) throw new Error(`no department ${through}`);
  const msp = path.join(pathsFor(ROOT, HOME).crypto, 'peerOrganizations', domain, 'users', `User1@${domain}`, 'msp');
  const client = new grpc.Client(
    address(peer.machine.ip, peer.peer.port),
    grpc.credentials.createSsl(readFileSync(peer.tlsCa)),
    {
      'grpc.ssl_target_name_override': peer.peer.host,
    },
  );
  const gateway = connect({
    client,
    identity: { mspId, credentials: readFileSync(path.join(msp, 'signcerts', `User1@${domain}-cert.pem`)) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(path.join(msp, 'keystore', 'priv_sk')))),
    hash: hash.sha256,
  });
  try {
    return await gateway.getNetwork(layout.topology.channel).getContract('control').evaluateTransaction('Get', 'x');
  } finally {
    gateway.close();
    client.close();
  }
}

/** The MSP ids each of the channel's Application `Readers` and `Writers` signature policies names. */
async function applicationMembers(): Promise<{ Readers: string[]; Writers: string[] }> {
  const layout = currentLayout(ROOT);
  const config = (await fetchChannelConfig(resolveFabric(ROOT), layout, layout.orgs[0]!)) as {
    channel_group: {
      groups: {
        Application: {
          policies: Record<string, { policy: { value: { identities: { principal: { msp_identifier: string } }[] } } }>;
        };
      };
    };
  };
  const { policies } = config.channel_group.groups.Application;
  const named = (name: string): string[] => [
    ...new Set(policies[name]!.policy.value.identities.map((i) => i.principal.msp_identifier)),
  ];
  return { Readers: named('Readers'), Writers: named('Writers') };
}

describe('a living consortium: an eleventh department joins the running network and leaves it', function () {
  this.timeout(600_000);
  this.slow(120_000);

  let tax: GovchainConnection;
  let traffic: Traffic;
  const licenceId = uniqueId('SRL');
  const school = Buffer.from(`%PDF-1.7\nSchool-running licence ${licenceId}\nissued by the Education Bureau\n%%EOF\n`);
  const others: string[] = [];

  before(async function () {
    tax = await connectAs('tax');
    others.push(...currentLayout(ROOT).orgs.map((o) => o.department.key));
    traffic = startTraffic(tax);
  });

  after(async function () {
    await traffic.stop();
    tax.close();
  });

  it('adds the Education Bureau while Tax keeps writing: a majority of admins signs, its peer joins by snapshot', async function () {
    const before = traffic.committed.length;
    const { stderr } = await networkCli('add-department', EDUCATION_FILE);
    expect(stderr).to.match(/channel update: \+EducationMSP, signed by 6 of 10 admins/);
    expect(stderr).to.match(/joined govchannel: peer0-education from a snapshot of peer0-\S+ at block \d+/);
    expect(stderr).to.match(
      /chaincode e-license \S+ committed as sequence \d+, approved by 11 departments, in [\d.]+s/,
    );
    const took = /education added in ([\d.]+)s/.exec(stderr)?.[1];
    console.log(`      added in ${took ?? '?'} s; ${traffic.committed.length - before} writes committed meanwhile`);
    expect(traffic.committed.length, 'the network served traffic during the change').to.be.greaterThan(before);
    const status = await networkStatus();
    expect(status.problems).to.deep.equal([]);
    expect(status.nodes.map((n) => n.name)).to.include('peer0-education');
    // The same update rewrote the channel's Readers and Writers (signature policies over the departments).
    const members = await applicationMembers();
    expect(members.Readers).to.include(EDUCATION_MSP).and.to.have.length(11);
    expect(members.Writers).to.include(EDUCATION_MSP).and.to.have.length(11);
  });

  it('governance adds its licence type through e-license, and the roles of real-estate and bid-record list it', async function () {
    const registry = await eLicenseClient(tax).listLicenseTypes();
    expect(registry.governanceMsps).to.include(EDUCATION_MSP).and.to.have.length(11);
    expect(registry.types.find((t) => t.code === 'SCHOOL_RUNNING_LICENCE')).to.include({ issuerMsp: EDUCATION_MSP });
    const roles = (await evaluate(tax.getContract('real-estate'), 'GetRoles')) as { departmentMsps: string[] };
    expect(roles.departmentMsps).to.include(EDUCATION_MSP);
    const config = (await evaluate(tax.getContract('bid-record'), 'GetConfig')) as { departmentMsps: string[] };
    expect(config.departmentMsps).to.include(EDUCATION_MSP);
  });

  it('the Education Bureau issues a school-running licence that every other department verifies', async function () {
    const education = await connectAs('education');
    try {
      const holder = newPerson('school');
      await eLicenseClient(education).issueLicense({
        id: licenceId,
        type: 'SCHOOL_RUNNING_LICENCE',
        fingerprint: fingerprintBuffer(school),
        metadata: { schoolName: 'Riverside Primary School', schoolKind: 'public', educationLevel: 'primary' },
        holder: { idNumber: holder.idNumber, name: holder.name },
      });
    } finally {
      education.close();
    }
    for (const department of others) {
      const connection = await connectAs(department);
      try {
        const verdict = await eLicenseClient(connection).verifyLicense({
          licenceId,
          fingerprint: fingerprintBuffer(school),
        });
        expect(verdict.result, department).to.equal('VALID');
      } finally {
        connection.close();
      }
    }
    const height = await sameHeight();
    expect(height).to.be.greaterThan(1);
  });

  it('removes it by a majority: its proposals are refused, its licence stays readable, no write was lost', async function () {
    const { stderr } = await networkCli('remove-department', 'education');
    expect(stderr).to.match(/channel update: -EducationMSP, signed by 6 of 11 admins/);
    expect(stderr).to.match(/stopped the processes of removed departments: .*peer0-education/);
    console.log(`      removed in ${/education removed in ([\d.]+)s/.exec(stderr)?.[1] ?? '?'} s`);
    const status = await networkStatus();
    expect(status.problems).to.deep.equal([]);
    expect(status.nodes.map((n) => n.name)).not.to.include('peer0-education');
    const members = await applicationMembers();
    expect(members.Readers).not.to.include(EDUCATION_MSP);
    expect(members.Writers).to.have.length(10);
    expect(members.Writers).not.to.include(EDUCATION_MSP);
    expect(await listDepartments({ profilesDir: path.join(HOME, 'profiles') })).not.to.include('education');
    // Its own client identity, at another department's peer: the channel no longer knows its organization.
    const refusal: unknown = await evaluateAs('education.gov.local', EDUCATION_MSP, 'tax').then(
      () => expect.fail('a removed department was served'),
      (err: unknown) => err,
    );
    const details = (refusal as { details?: { message: string }[] }).details ?? [];
    expect([String(refusal), ...details.map((d) => d.message)].join(' ')).to.match(
      /access denied|MSP EducationMSP is not defined on channel/,
    );
    const registry = await eLicenseClient(tax).listLicenseTypes();
    expect(registry.governanceMsps).not.to.include(EDUCATION_MSP);
    const verdict = await eLicenseClient(tax).verifyLicense({ licenceId, fingerprint: fingerprintBuffer(school) });
    expect(verdict.result).to.equal('VALID');

    await traffic.stop();
    const contract = tax.getContract('control');
    const lost: string[] = [];
    for (const { key, value } of traffic.committed) {
      const stored = await evaluate(contract, 'Get', { arguments: [key] });
      if (JSON.stringify(stored) !== value) lost.push(key);
    }
    console.log(
      `      traffic: ${traffic.committed.length} committed, ${traffic.failed.length} reported failed, ${lost.length} lost`,
    );
    for (const failure of traffic.failed.slice(0, 5)) console.log(`        failed: ${failure}`);
    expect(lost, 'writes reported committed but not on the ledger').to.deep.equal([]);
    await sameHeight();
  });
});

describe('channel configuration updates: proposed, signed by the admins the policy names, submitted', function () {
  this.timeout(300_000);
  this.slow(30_000);
  const dir = suiteDirectory('govchain-config-');

  /** Proposes a block size, signs it as the Information Centre's admin and submits it as Tax's. */
  async function setMaxMessageCount(count: number, file: string): Promise<void> {
    await networkCli('channel-config', 'propose', '--max-message-count', String(count), '--out', file);
    await networkCli('channel-config', 'sign', file, '--as', 'InfoCenter');
    await networkCli('channel-config', 'submit', file, '--as', 'tax');
  }

  it('a block-size change: refused before submission without the ordering organization’s admin, applied with it', async function () {
    const before = await networkCli('channel-config', 'show');
    const size = Number(/batch: (\d+) transactions/.exec(before.stdout)?.[1]);
    expect(size).to.be.greaterThan(1);
    const file = path.join(dir(), 'batch.pb');
    const proposed = await networkCli(
      'channel-config',
      'propose',
      '--max-message-count',
      String(size - 1),
      '--out',
      file,
    );
    expect(proposed.stdout).to.match(/it needs the signatures of\n {2}Orderer Admins: 1 of InfoCenterMSP/);
    // Five departments sign: the Orderer group's Admins are the ordering organization's, so it is still refused.
    for (const department of ['tax', 'health', 'civil-affairs', 'real-estate', 'public-security']) {
      await networkCli('channel-config', 'sign', file, '--as', department);
    }
    const refused = await networkCli('channel-config', 'submit', file, '--as', 'tax').then(
      () => expect.fail('an update without the signatures it needs was submitted'),
      (err: unknown) => (err as { stderr?: string }).stderr ?? '',
    );
    expect(refused).to.match(/not submitted: Orderer Admins needs 1 of 1 \(InfoCenterMSP\); signed by 0/);
    expect((await networkCli('channel-config', 'show')).stdout).to.include(`batch: ${size} transactions`);

    const signed = await networkCli('channel-config', 'sign', file, '--as', 'InfoCenter');
    expect(signed.stdout).to.match(/has every signature it needs/);
    await networkCli('channel-config', 'submit', file, '--as', 'tax');
    expect((await networkCli('channel-config', 'show')).stdout).to.include(`batch: ${size - 1} transactions`);

    await setMaxMessageCount(size, path.join(dir(), 'restore.pb'));
    expect((await networkCli('channel-config', 'show')).stdout).to.include(`batch: ${size} transactions`);
    const status = await networkStatus();
    expect(status.problems).to.deep.equal([]);
  });
});

describe('backup and restore of a department’s node', function () {
  this.timeout(300_000);
  this.slow(60_000);
  const dir = suiteDirectory('govchain-backup-');

  it('Tax’s node, archived, then lost, comes back at the archived height and catches up with the channel', async function () {
    const health = await connectAs('health');
    try {
      const control = health.getContract('control');
      const beforeKey = uniqueId('backup-before');
      await submit(control, 'Put', { arguments: [beforeKey, '{"when":"before"}'] });
      const file = path.join(dir(), 'tax.tar.gz');
      const backup = await networkCli('backup', 'tax', '--out', file);
      const archived = Number(/archived peer0-tax at height (\d+)/.exec(backup.stderr)?.[1]);
      expect(archived).to.be.greaterThan(1);
      // The channel moves on while the node is away.
      const afterKey = uniqueId('backup-after');
      await submit(control, 'Put', { arguments: [afterKey, '{"when":"after"}'] });

      const refusedLive = await networkCli('restore', file).then(
        () => expect.fail('a restore over a running node went ahead'),
        (err: unknown) => (err as { stderr?: string }).stderr ?? '',
      );
      expect(refusedLive).to.match(/peer0-tax is running: a restore replaces a lost node/);

      // The node is lost: its peer stopped by its PID file, its ledger gone.
      const layout = currentLayout(ROOT);
      const tax = layout.orgs.find((o) => o.department.key === 'tax')!;
      await new ProcessTable(layout.paths.run).stop(tax.peer.name);
      rmSync(tax.peer.dataDir, { recursive: true, force: true });

      const restored = await networkCli('restore', file);
      expect(restored.stderr).to.match(
        new RegExp(`restored peer0-tax's files from .* \\(archived at height ${archived}\\)`),
      );
      const now = Number(/peer0-tax is at height (\d+)/.exec(restored.stderr)?.[1]);
      expect(now).to.be.greaterThan(archived);
      await sameHeight();
      const taxConnection = await connectAs('tax');
      try {
        const read = taxConnection.getContract('control');
        expect(await evaluate(read, 'Get', { arguments: [beforeKey] })).to.deep.equal({ when: 'before' });
        expect(await evaluate(read, 'Get', { arguments: [afterKey] })).to.deep.equal({ when: 'after' });
      } finally {
        taxConnection.close();
      }
    } finally {
      health.close();
    }
  });
});
