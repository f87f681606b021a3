import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import {
  ChaincodeError,
  CommitError,
  OutcomeUnknownError,
  evaluate,
  submit,
  type GovchainConnection,
} from '@govchain/gateway-client';
import {
  ProcessTable,
  type ScrapeJob,
  currentLayout,
  departmentNodes,
  getMetrics,
  logFiles,
  metricsOf,
  pathsFor,
} from '@govchain/network';
import * as path from 'node:path';
import { parse } from 'yaml';
import { levelOf } from '@govchain/network/dist/log-levels';
import { readFileSync } from 'node:fs';
import { connectAs, HOME, networkCli, networkStatus, orderersOf, ROOT, SESSION, uniqueId } from './support';

chai.use(chaiAsPromised);
const { expect } = chai;

describe('platform: the native multi-department network', function () {
  let publicSecurity: GovchainConnection;
  let tax: GovchainConnection;

  before(async function () {
    publicSecurity = await connectAs('public-security');
    tax = await connectAs('tax');
  });

  after(function () {
    publicSecurity.close();
    tax.close();
  });

  it('reports every node healthy at one block height and every chaincode committed', async function () {
    const status = await networkStatus();
    expect(status.created).to.equal(true);
    expect(status.problems).to.deep.equal([]);
    expect(status.nodes.filter((n) => n.kind === 'orderer')).to.have.length.greaterThan(0);
    for (const node of status.nodes) {
      expect(node, node.name).to.include({ running: true, healthy: true });
      expect(node.height, node.name).to.be.a('number').greaterThan(1);
    }
    for (const cc of status.chaincodes) {
      expect(cc.committed, cc.name).to.equal(true);
      expect(cc.sequence, cc.name).to.be.a('number').at.least(1);
      expect(
        cc.servers.every((s) => s.running),
        `${cc.name} servers`,
      ).to.equal(true);
    }
  });

  it('writes logs without ANSI codes, and network:logs --level warn keeps warnings and worse only', async function () {
    const files = logFiles(ROOT);
    expect(
      [...files.keys()].some((name) => name.startsWith('cc-')),
      'chaincode server logs',
    ).to.equal(true);
    for (const [name, file] of files) {
      // The attack tests' modified servers (`.rogue` logs) are the tests' own processes, not the network's.
      if (name.endsWith('.rogue')) continue;
      expect(readFileSync(file, 'utf8').includes('\u001b['), `${name} has ANSI codes`).to.equal(false);
    }
    const { stdout } = await networkCli('logs', '--level', 'warn', '--lines', '200');
    let current: string | undefined;
    for (const line of stdout.split('\n')) {
      if (line.startsWith('==> ')) {
        current = undefined;
        continue;
      }
      current = levelOf(line) ?? current;
      if (line !== '' && current !== undefined) expect(['warn', 'error', 'fatal'], line).to.include(current);
    }
  });

  it('writes a Prometheus configuration each of whose jobs can scrape its nodes, and a dashboard of their metrics', async function () {
    const dir = path.join(pathsFor(ROOT, HOME).home, 'monitoring');
    const config = parse(readFileSync(path.join(dir, 'prometheus.yml'), 'utf8')) as { scrape_configs: ScrapeJob[] };
    const exported = new Set<string>();
    for (const job of config.scrape_configs) {
      const tls = {
        ca: readFileSync(job.tls_config.ca_file),
        cert: readFileSync(job.tls_config.cert_file),
        key: readFileSync(job.tls_config.key_file),
      };
      for (const target of job.static_configs.flatMap((c) => c.targets)) {
        const [host = '', port] = target.split(':');
        const scraped = await getMetrics(host, Number(port), tls);
        expect(scraped.status, `${job.job_name} ${target} with its admin's certificate`).to.equal(200);
        for (const line of scraped.body.split('\n')) {
          if (line !== '' && !line.startsWith('#')) exported.add(line.split(/[{ ]/)[0] ?? '');
        }
        // Without a client certificate, /metrics is not served.
        expect(
          (await getMetrics(host, Number(port), { ca: tls.ca })).status,
          `${target} without a certificate`,
        ).to.not.equal(200);
      }
    }
    const { consensus } = await networkStatus();
    const dashboard = JSON.parse(readFileSync(path.join(dir, 'grafana-dashboard.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const read = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricsOf(t.expr)));
    expect(read).to.include('ledger_blockchain_height');
    for (const name of read) {
      if (consensus === 'bft' && name.startsWith('consensus_etcdraft_')) continue; // a Raft metric
      const exportedAs = [...exported].filter((m) => m === name || m.startsWith(`${name}_`));
      expect(exportedAs, `the nodes export ${name}`).to.not.be.empty;
    }
  });

  it('commits a transaction submitted by one department that another department then reads', async function () {
    const key = uniqueId('platform');
    const value = JSON.stringify({ by: 'PublicSecurityMSP', n: 1 });
    const written = await submit(publicSecurity.getContract('control'), 'Put', { arguments: [key, value] });
    expect(written.transactionId).to.match(/^[0-9a-f]{64}$/);
    expect(written.blockNumber > 0n).to.equal(true);
    // The submit returned once Public Security's peer committed; Tax reads through its own peer, which the
    // run's read-your-writes session makes wait for that block first.
    expect(SESSION.block! >= written.blockNumber).to.equal(true);
    const read = await evaluate(tax.getContract('control'), 'Get', { arguments: [key] });
    expect(read).to.deep.equal({ by: 'PublicSecurityMSP', n: 1 });
  });

  it('invalidates a transaction endorsed by one department where the policy needs two, and writes nothing', async function () {
    const key = uniqueId('policy');
    const attempt = submit(publicSecurity.getContract('control'), 'Put', {
      arguments: [key, '{"v":1}'],
      endorsingOrganizations: ['PublicSecurityMSP'],
    });
    const err: unknown = await attempt.then(
      () => expect.fail('the transaction should not commit'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(CommitError);
    expect((err as CommitError).code).to.equal('ENDORSEMENT_POLICY_FAILURE');
    await expect(evaluate(tax.getContract('control'), 'Get', { arguments: [key] }))
      .to.be.rejectedWith(ChaincodeError)
      .and.eventually.have.property('code', 'NOT_FOUND');
  });

  // Three Raft orderers tolerate one stopped (a majority stays); four SmartBFT orderers tolerate one (f = 1).
  describe('with one orderer of several stopped by its recorded PID', function () {
    const table = new ProcessTable(pathsFor(ROOT, HOME).run);

    before(async function () {
      const orderers = (await networkStatus()).nodes.filter((n) => n.kind === 'orderer');
      if (orderers.length < 3) {
        // The small topology has a single orderer: there is no quorum to keep when one stops.
        // (Raft needs three orderers to lose one; SmartBFT's four are the least it runs with.)
        this.skip();
      }
      expect(table.running('orderer0'), 'orderer0 is recorded and running').to.not.equal(undefined);
      expect(await table.stop('orderer0')).to.equal(true);
    });

    after(async function () {
      await networkCli('up');
    });

    it('still commits transactions', async function () {
      expect(table.running('orderer0')).to.equal(undefined);
      const keys = Array.from({ length: 5 }, (_, i) => uniqueId(`raft-${i}`));
      const results = await Promise.all(
        keys.map((key, i) => submit(tax.getContract('control'), 'Put', { arguments: [key, JSON.stringify({ i })] })),
      );
      expect(results).to.have.length(5);
      // Public Security's peer reads them once it has the session's block (every commit above is in it).
      for (const [i, key] of keys.entries()) {
        expect(await evaluate(publicSecurity.getContract('control'), 'Get', { arguments: [key] })).to.deep.equal({ i });
      }
    });

    it('network:status exits 1 naming the stopped orderer on stderr, and in problems', async function () {
      const failed = await networkCli('status').then(
        () => expect.fail('network:status exited 0 with an orderer stopped'),
        (err: unknown) => err as { code: unknown; stderr: string },
      );
      expect(failed.code).to.equal(1);
      expect(failed.stderr).to.include('network: status: orderer orderer0 is stopped');
      expect((await networkStatus()).problems).to.deep.equal(['orderer orderer0 is stopped']);
    });

    it('catches up when restarted by network:up', async function () {
      await networkCli('up');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const orderers = (await networkStatus()).nodes.filter((n) => n.kind === 'orderer');
        const heights = orderers.map((n) => n.height);
        if (orderers.every((n) => n.healthy) && new Set(heights).size === 1) {
          expect((await networkStatus()).problems).to.deep.equal([]);
          break;
        }
        if (Date.now() > deadline) expect.fail(`orderers did not converge: ${JSON.stringify(heights)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    });
  });

  describe('with every orderer stopped', function () {
    const table = new ProcessTable(pathsFor(ROOT, HOME).run);

    after(async function () {
      await networkCli('up');
    });

    it('reports OUTCOME_UNKNOWN with the transaction id, resolved later by its id, never resubmitted', async function () {
      this.timeout(180_000);
      for (const orderer of orderersOf(await networkStatus())) {
        expect(await table.stop(orderer.name), `${orderer.name} stopped by its recorded PID`).to.equal(true);
      }
      const key = uniqueId('unknown');
      const err: unknown = await submit(tax.getContract('control'), 'Put', { arguments: [key, '{"v":1}'] }).then(
        () => expect.fail('no orderer is running: the transaction cannot be acknowledged'),
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(OutcomeUnknownError);
      const unknown = err as OutcomeUnknownError;
      expect(unknown).to.include({ code: 'OUTCOME_UNKNOWN', kind: 'outcome-unknown', reason: 'ORDERER_UNAVAILABLE' });
      expect(unknown.transactionId).to.match(/^[0-9a-f]{64}$/);

      // Resolved by its id: not in the ledger, before or after the orderers are back (it never reached one).
      expect(await tax.commitStatus(unknown.transactionId, { timeoutMs: 2_000 })).to.deep.equal({
        outcome: 'UNKNOWN',
        transactionId: unknown.transactionId,
      });
      await networkCli('up');
      const later = await submitOnceOrderersReconnect(() =>
        submit(tax.getContract('control'), 'Put', { arguments: [uniqueId('after'), '{"v":2}'] }),
      );
      expect(await tax.commitStatus(later.transactionId)).to.deep.equal({
        outcome: 'COMMITTED',
        transactionId: later.transactionId,
        blockNumber: later.blockNumber,
      });
      expect(await tax.commitStatus(unknown.transactionId, { timeoutMs: 2_000 })).to.include({ outcome: 'UNKNOWN' });
      await expect(evaluate(publicSecurity.getContract('control'), 'Get', { arguments: [key] }))
        .to.be.rejectedWith(ChaincodeError)
        .and.eventually.have.property('code', 'NOT_FOUND');
    });
  });

  // What a department's operators do on the department's own host. Real Estate is in every topology the
  // tests run on; in bft-small it also runs one of the four SmartBFT orderers (one may be down).
  describe('one department stopped and started on its own (network:down --org, network:up --org)', function () {
    const key = 'real-estate';
    const table = new ProcessTable(pathsFor(ROOT, HOME).run);

    after(async function () {
      await networkCli('up');
    });

    it('stops only its processes while the others carry on, then starts them again and its peer catches up', async function () {
      this.timeout(240_000);
      const nodes = departmentNodes(currentLayout(ROOT), key);
      const own = [
        ...nodes.cas.map((c) => c.name),
        ...nodes.orderers.map((o) => o.name),
        nodes.org.peer.name,
        ...nodes.chaincodeServers,
      ];
      expect(
        own.every((name) => table.running(name) !== undefined),
        'all its processes run at first',
      ).to.equal(true);
      const others = table
        .all()
        .filter((r) => !own.includes(r.name) && table.alive(r))
        .map((r) => r.name);

      await networkCli('down', '--org', key);
      expect(
        own.filter((name) => table.running(name) !== undefined),
        'still running',
      ).to.deep.equal([]);
      expect(
        others.filter((name) => table.running(name) === undefined),
        'stopped by mistake',
      ).to.deep.equal([]);
      const stopped = await networkStatus();
      expect(stopped.problems).to.include(`peer ${nodes.org.peer.name} is stopped`);

      // The others carry on: Tax writes with Public Security's endorsement.
      const written = await submit(tax.getContract('control'), 'Put', {
        arguments: [uniqueId('org-down'), '{"v":1}'],
        endorsingOrganizations: [tax.mspId, publicSecurity.mspId],
      });

      await networkCli('up', '--org', key);
      expect(
        own.filter((name) => table.running(name) === undefined),
        'not started again',
      ).to.deep.equal([]);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const s = await networkStatus();
        const height = s.nodes.find((n) => n.name === nodes.org.peer.name)?.height ?? 0;
        if (s.problems.length === 0 && height > Number(written.blockNumber)) break;
        if (Date.now() > deadline) {
          expect.fail(`${nodes.org.peer.name} at ${height}, problems: ${JSON.stringify(s.problems)}`);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    });

    it('refuses a key that is no department of the network, naming the known ones', async function () {
      const err = (await networkCli('up', '--org', 'ministry-of-magic').then(
        () => expect.fail('an unknown department must be refused'),
        (e: unknown) => e,
      )) as { stderr: string };
      expect(err.stderr).to.match(/unknown department 'ministry-of-magic' \(known: .*real-estate/);
    });
  });

  describe('network:down then network:up', function () {
    it('stops every recorded process and resumes at the same block height', async function () {
      const before = await networkStatus();
      const peerHeight = before.nodes.find((n) => n.kind === 'peer')?.height;
      const pids = before.nodes.map((n) => n.pid).concat(before.chaincodes.flatMap((c) => c.servers.map((s) => s.pid)));
      await networkCli('down');
      for (const pid of pids) {
        expect(pid).to.be.a('number');
        expect(() => process.kill(pid!, 0), `process ${pid} is gone`).to.throw();
      }
      const stopped = await networkStatus();
      expect(stopped.nodes.every((n) => !n.running)).to.equal(true);
      await networkCli('up');
      const after = await networkStatus();
      for (const node of after.nodes) {
        expect(node.healthy, node.name).to.equal(true);
        if (node.kind === 'peer') expect(node.height, node.name).to.equal(peerHeight);
      }
    });
  });
});

/**
 * Submits once the gateway peer's connections to the restarted orderers are back. A peer reconnects with gRPC's
 * exponential backoff (up to 120 s between attempts), so after every orderer was down for half a minute it may
 * take longer than the client's own orderer retries (about 15 s) — on SmartBFT the gateway needs a quorum of
 * them. Only "no orderer acknowledged it" is waited out; any other failure fails the test.
 */
async function submitOnceOrderersReconnect<T>(send: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await send();
    } catch (err) {
      const unavailable = err instanceof OutcomeUnknownError && err.reason === 'ORDERER_UNAVAILABLE';
      if (!unavailable || Date.now() > deadline) throw err;
    }
  }
}
