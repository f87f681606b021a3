import { expect } from 'chai';
import childProcess from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as sinon from 'sinon';
import {
  type AdminTransaction,
  type Layout,
  type OrgLayout,
  NetworkError,
  bootstrap,
  CLOCK_RETRIES,
  ensureHome,
  layoutFor,
  parseTopology,
  pathsFor,
  planChaincode,
  readSecret,
} from '@govchain/network';

const TOPOLOGY = `
name: t
channel: govchannel
domain: gov.local
orderer: { org: InfoCenter, mspId: InfoCenterMSP, name: Information Centre, nodes: 1 }
departments:
  - { key: tax, org: Tax, mspId: TaxMSP, name: Tax Bureau }
  - { key: police, org: Police, mspId: PoliceMSP, name: Public Security Bureau }
  - { key: health, org: Health, mspId: HealthMSP, name: Health Commission }
chaincodes:
  - name: demo
    path: chaincode/demo
    endorsement: { outOf: 2 }
    bootstrap:
      - function: SetHolderRefKey
        as: police
        transient: { holderRefKey: '@secret:holderRefKey', note: plain }
`;

const mode = (file: string): number => statSync(file).mode & 0o777;

describe('network secrets: never world-readable, never on a command line', function () {
  const sandbox = sinon.createSandbox();
  let root: string;
  let layout: Layout;

  beforeEach(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'govchain-secrets-'));
    mkdirSync(path.join(root, 'chaincode', 'demo', 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'chaincode', 'demo', 'package.json'), '{"version":"1.0.0","main":"dist/index.js"}');
    writeFileSync(path.join(root, 'chaincode', 'demo', 'dist', 'index.js'), 'module.exports = 1;\n');
    layout = layoutFor(parseTopology(TOPOLOGY, 't.yaml'), pathsFor(root, path.join(root, '.govchain', 'test')));
  });

  afterEach(function () {
    sandbox.restore();
    rmSync(root, { recursive: true, force: true });
  });

  describe('the runtime directory', function () {
    it('is created 0700, with the directories on the way to it', function () {
      ensureHome(layout.paths);
      expect(mode(layout.paths.home)).to.equal(0o700);
      expect(mode(path.join(root, '.govchain'))).to.equal(0o700);
    });

    it('is tightened to 0700 when an earlier run left it open', function () {
      mkdirSync(layout.paths.home, { recursive: true, mode: 0o755 });
      chmodSync(layout.paths.home, 0o755);
      ensureHome(layout.paths);
      expect(mode(layout.paths.home)).to.equal(0o700);
    });
  });

  describe('readSecret', function () {
    it('generates a secret once, in a 0700 directory and a 0600 file', function () {
      ensureHome(layout.paths);
      const first = readSecret(layout.paths, 'holderRefKey');
      expect(first).to.match(/^[0-9a-f]{64}$/);
      expect(readSecret(layout.paths, 'holderRefKey')).to.equal(first);
      expect(mode(layout.paths.secrets)).to.equal(0o700);
      expect(mode(path.join(layout.paths.secrets, 'holderRefKey'))).to.equal(0o600);
    });

    it('tightens a secret file and directory left readable by others', function () {
      mkdirSync(layout.paths.secrets, { recursive: true });
      chmodSync(layout.paths.secrets, 0o755);
      const file = path.join(layout.paths.secrets, 'holderRefKey');
      writeFileSync(file, 'ab'.repeat(32), { mode: 0o644 });
      chmodSync(file, 0o644);
      expect(readSecret(layout.paths, 'holderRefKey')).to.equal('ab'.repeat(32));
      expect(mode(layout.paths.secrets)).to.equal(0o700);
      expect(mode(file)).to.equal(0o600);
    });

    it('refuses a secret name that is a path', function () {
      expect(() => readSecret(layout.paths, '../network.json')).to.throw(
        /secret name '..\/network.json' is not a plain file name/,
      );
    });
  });

  describe('bootstrap', function () {
    it('passes the secret in transient data through the gateway, spawning no command', async function () {
      const spawned: string[][] = [];
      for (const method of ['spawn', 'execFile', 'exec', 'spawnSync', 'execFileSync', 'execSync'] as const) {
        sandbox.stub(childProcess, method).callsFake((file: unknown, args?: unknown) => {
          spawned.push([String(file), ...(Array.isArray(args) ? args.map(String) : [])]);
          throw new Error(`unexpected ${method}`);
        });
      }
      const submitted: { caller: OrgLayout; tx: AdminTransaction }[] = [];
      const plan = planChaincode(layout, layout.topology.chaincodes[0]!);
      const call = layout.topology.chaincodes[0]!.bootstrap[0]!;
      const block = await bootstrap(layout, plan, call, (caller, tx) => {
        submitted.push({ caller, tx });
        return Promise.resolve(7n);
      });

      const secret = readFileSync(path.join(layout.paths.secrets, 'holderRefKey'), 'utf8').trim();
      expect(spawned).to.deep.equal([]);
      expect(block).to.equal(7n);
      expect(submitted).to.have.length(1);
      const [{ caller, tx }] = submitted as [{ caller: OrgLayout; tx: AdminTransaction }];
      expect(caller.department.key).to.equal('police');
      expect(tx).to.deep.include({
        channel: 'govchannel',
        chaincode: 'demo',
        fn: 'SetHolderRefKey',
        args: [],
        endorsingOrganizations: ['PoliceMSP', 'TaxMSP'],
      });
      expect(Buffer.from(tx.transient.holderRefKey!).toString()).to.equal(secret);
      expect(Buffer.from(tx.transient.note!).toString()).to.equal('plain');
      const visible = JSON.stringify([tx.args, tx.fn, tx.chaincode, tx.channel]);
      for (const form of [secret, Buffer.from(secret).toString('base64')]) expect(visible).not.to.include(form);
    });

    it('sends a fresh proposal when an endorser refused the last for its age, then succeeds', async function () {
      const plan = planChaincode(layout, layout.topology.chaincodes[0]!);
      const call = layout.topology.chaincodes[0]!.bootstrap[0]!;
      const late = new NetworkError(
        "TaxMSP: PRECONDITION_FAILED: proposal timestamp 2026-12-03T20:00:00.000Z is -44 s from this endorser's clock 2026-12-03T20:00:44.000Z (allowed ±30 s)",
      );
      const attempts: AdminTransaction[] = [];
      const lines: string[] = [];
      const block = await bootstrap(
        layout,
        plan,
        call,
        (_caller, tx) => {
          attempts.push(tx);
          return attempts.length < 3 ? Promise.reject(late) : Promise.resolve(9n);
        },
        (line) => lines.push(line),
      );
      expect(block).to.equal(9n);
      expect(attempts).to.have.length(3);
      expect(lines).to.deep.equal([
        'chaincode demo: SetHolderRefKey reached an endorser late; sending a fresh proposal',
        'chaincode demo: SetHolderRefKey reached an endorser late; sending a fresh proposal',
      ]);
    });

    it('gives up on a late proposal after CLOCK_RETRIES fresh ones, and never retries another refusal', async function () {
      const plan = planChaincode(layout, layout.topology.chaincodes[0]!);
      const call = layout.topology.chaincodes[0]!.bootstrap[0]!;
      const late = new NetworkError(
        "TaxMSP: PRECONDITION_FAILED: proposal timestamp 2026-12-03T20:00:00.000Z is -44 s from this endorser's clock 2026-12-03T20:00:44.000Z (allowed ±30 s)",
      );
      let sent = 0;
      const refusal = await bootstrap(layout, plan, call, () => {
        sent++;
        return Promise.reject(late);
      }).catch((err: unknown) => err as Error);
      expect(sent).to.equal(CLOCK_RETRIES + 1);
      expect((refusal as Error).message).to.match(
        /^chaincode demo: SetHolderRefKey was refused: TaxMSP: PRECONDITION_FAILED/,
      );

      sent = 0;
      await bootstrap(layout, plan, call, () => {
        sent++;
        return Promise.reject(new NetworkError('TaxMSP: PRECONDITION_FAILED: the key is already set'));
      }).catch(() => undefined);
      expect(sent).to.equal(1);
    });

    it('names the call and the chaincode when the endorsers refuse it', async function () {
      const plan = planChaincode(layout, layout.topology.chaincodes[0]!);
      const call = layout.topology.chaincodes[0]!.bootstrap[0]!;
      await bootstrap(layout, plan, call, () =>
        Promise.reject(new NetworkError('PoliceMSP: CONFLICT: a different key')),
      ).then(
        () => expect.fail('bootstrap succeeded'),
        (err: unknown) =>
          expect((err as Error).message).to.equal(
            'chaincode demo: SetHolderRefKey was refused: PoliceMSP: CONFLICT: a different key',
          ),
      );
    });
  });
});
