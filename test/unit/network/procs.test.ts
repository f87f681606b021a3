import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ProcessTable } from '@govchain/network';
import { cliParallelism } from '@govchain/network/dist/fabric';
import { run, Semaphore } from '@govchain/network/dist/procs';

chai.use(chaiAsPromised);
const { expect } = chai;
const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('process table (PID files)', function () {
  let dir: string;
  let table: ProcessTable;

  beforeEach(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-procs-'));
    table = new ProcessTable(path.join(dir, 'run'));
  });

  afterEach(async function () {
    for (const r of table.all()) await table.stop(r.name);
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a started process and stops exactly that PID', async function () {
    const record = table.start('sleeper', ['sleep', '30'], { env: process.env, log: path.join(dir, 'sleeper.log') });
    expect(record.pid).to.be.a('number');
    expect(table.running('sleeper')?.pid).to.equal(record.pid);
    expect(await table.stop('sleeper', 2000)).to.equal(true);
    expect(() => process.kill(record.pid, 0)).to.throw();
    expect(table.read('sleeper')).to.equal(undefined);
  });

  it('treats a PID file whose process is gone as a half-dead run: not running, removed by stop', async function () {
    const record = table.start('brief', ['true'], { env: process.env, log: path.join(dir, 'brief.log') });
    await new Promise((r) => setTimeout(r, 300));
    expect(table.running('brief')).to.equal(undefined);
    expect(table.alive(record)).to.equal(false);
    expect(await table.stop('brief')).to.equal(false);
    expect(readdirSync(path.join(dir, 'run'))).to.deep.equal([]);
  });

  it('never signals a recycled PID: a live process with another start time is not ours', async function () {
    mkdirSync(path.join(dir, 'run'), { recursive: true });
    const impostor = { name: 'recycled', pid: process.pid, startTime: 1, command: ['x'], log: 'x', meta: {} };
    writeFileSync(path.join(dir, 'run', 'recycled.pid.json'), JSON.stringify(impostor));
    expect(table.running('recycled')).to.equal(undefined);
    expect(await table.stop('recycled')).to.equal(false);
    // This very test process is still alive.
    expect(() => process.kill(process.pid, 0)).to.not.throw();
  });
});

describe('a failed Fabric tool', function () {
  const usage = [
    'Usage:',
    '  peer lifecycle chaincode queryinstalled [flags]',
    '',
    'Flags:',
    ...Array.from({ length: 12 }, (_, i) => `      --flag${i} string   what flag ${i} does`),
  ];
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-tool-'));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A stand-in `peer` that prints `lines` to stderr, as the real one does, and exits with `code`. */
  function tool(lines: readonly string[], code: number): string {
    const file = path.join(dir, 'peer');
    writeFileSync(file, ['#!/bin/sh', ...lines.map((l) => `echo '${l}' >&2`), `exit ${code}`, ''].join('\n'));
    chmodSync(file, 0o755);
    return file;
  }

  async function failure(file: string): Promise<string> {
    const err = (await run(file, ['lifecycle', 'chaincode', 'queryinstalled', '--peerAddresses', 'x']).then(
      () => expect.fail('the command fails'),
      (e: unknown) => e,
    )) as Error;
    return err.message;
  }

  it('is reported by its command and its Error: line, not by the usage text that follows', async function () {
    const error =
      'Error: failed to retrieve endorser client: endorser client failed to connect to 127.0.0.1:7051: context deadline exceeded';
    expect(await failure(tool([error, ...usage], 1))).to.equal(
      `peer lifecycle chaincode queryinstalled failed: ${error}`,
    );
  });

  it('without an Error: line, is reported by its last lines before any usage text', async function () {
    expect(await failure(tool(['panic: something broke', 'goroutine 1 [running]:', ...usage], 2))).to.equal(
      'peer lifecycle chaincode queryinstalled failed: panic: something broke | goroutine 1 [running]:',
    );
  });
});

describe('network command line', function () {
  const cli = path.join(ROOT, 'network', 'dist', 'cli.js');
  const env = { ...process.env, GOVCHAIN_HOME: path.join(os.tmpdir(), `govchain-cli-${process.pid}`) };

  it('refuses an unknown topology with one line and a non-zero exit', async function () {
    const err = (await exec(process.execPath, [cli, 'up', '--topology', 'nope'], { env }).then(
      () => expect.fail('should exit non-zero'),
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(err.code).to.equal(1);
    expect(err.stderr.trim().split('\n')).to.have.length(1);
    expect(err.stderr).to.match(/^network: unknown topology 'nope'/);
  });

  it('checks the arguments of the membership, channel-config, backup, restore, up and down commands before anything starts', async function () {
    // Fourteen CLI processes, each loading the network package: seconds on a loaded two-core machine.
    this.timeout(60_000);
    const refusal = async (...args: string[]): Promise<string> => {
      const err = (await exec(process.execPath, [cli, ...args], { env }).then(
        () => expect.fail(`${args.join(' ')} should exit non-zero`),
        (e: unknown) => e,
      )) as { code: number; stderr: string };
      expect(err.code, args.join(' ')).to.equal(1);
      return err.stderr;
    };
    expect(await refusal('add-department', '/no/such/department.yaml')).to.match(/no department file/);
    expect(await refusal('add-department', 'network/departments/education.yaml', '--join', 'teleport')).to.match(
      /--join takes snapshot or genesis/,
    );
    expect(await refusal('add-department', 'network/departments/education.yaml')).to.match(
      /no network has been created here/,
    );
    expect(await refusal('remove-department', 'tax')).to.match(/no network has been created here/);
    expect(await refusal('channel-config', 'propose', '--out', 'x.pb', '--batch-timeout', 'soon')).to.match(
      /--batch-timeout takes a duration/,
    );
    expect(await refusal('channel-config', 'propose', '--out', 'x.pb', '--max-message-count', '0')).to.match(
      /--max-message-count takes a whole number/,
    );
    expect(await refusal('channel-config', 'sign', '/no/such/update.pb', '--as', 'tax')).to.match(/no update file/);
    expect(await refusal('channel-config', 'submit', __filename)).to.match(/needs --as ADMIN/);
    expect(await refusal('backup', 'tax')).to.match(/backup takes DEPT --out FILE/);
    expect(await refusal('restore', __filename)).to.match(/is not a govchain department backup/);
    expect(await refusal('up', '--org', 'tax')).to.match(/no network has been created here/);
    expect(await refusal('down', '--org', 'tax')).to.match(/no network has been created here/);
    expect(await refusal('up', '--org', 'tax', '--topology', 'small')).to.match(/--topology is for creating one/);
    expect(await refusal('down', 'tax')).to.match(/down takes no arguments, got 'tax' \(one department: --org KEY\)/);
  });

  it('answers an unknown command with usage and exit code 2', async function () {
    const err = (await exec(process.execPath, [cli, 'explode'], { env }).then(
      () => expect.fail('should exit non-zero'),
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(err.code).to.equal(2);
    expect(err.stderr).to.include("unknown command 'explode'").and.include('usage:');
  });

  it('refuses ports inside the kernel ephemeral range, where outgoing connections would take them', async function () {
    const home = mkdtempSync(path.join(os.tmpdir(), 'govchain-ephemeral-'));
    try {
      const err = (await exec(process.execPath, [cli, 'up', '--topology', 'small'], {
        env: { ...env, GOVCHAIN_HOME: home, GOVCHAIN_BASE_PORT: '40000' },
      }).then(
        () => expect.fail('should exit non-zero'),
        (e: unknown) => e,
      )) as { code: number; stderr: string };
      expect(err.code).to.equal(1);
      expect(err.stderr).to.match(/ports 40000-\d+ overlap the kernel's ephemeral port range/);
      expect(new ProcessTable(path.join(home, 'run')).all()).to.deep.equal([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses to start when a node port is taken, naming the port, and leaves nothing running', async function () {
    // A child `node` that loads the whole network package: slow on a loaded two-core machine.
    this.timeout(30000);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(27500, '127.0.0.1', resolve));
    const home = mkdtempSync(path.join(os.tmpdir(), 'govchain-port-'));
    try {
      const err = (await exec(process.execPath, [cli, 'up', '--topology', 'small'], {
        env: { ...env, GOVCHAIN_HOME: home, GOVCHAIN_BASE_PORT: '27500' },
      }).then(
        () => expect.fail('should exit non-zero'),
        (e: unknown) => e,
      )) as { code: number; stderr: string };
      expect(err.code).to.equal(1);
      expect(err.stderr).to.match(/port 27500 \(needed by orderer0\) is already in use/);
      expect(new ProcessTable(path.join(home, 'run')).all()).to.deep.equal([]);
    } finally {
      server.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('install-fabric.sh', function () {
  const script = path.join(ROOT, 'scripts', 'install-fabric.sh');

  async function fails(env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
    return (await exec('bash', [script], { env: { ...process.env, ...env } }).then(
      () => expect.fail('should exit non-zero'),
      (e: unknown) => e,
    )) as { code: number; stderr: string };
  }

  it('refuses a FABRIC_BIN that is not a directory, in one line', async function () {
    const err = await fails({ FABRIC_BIN: '/nonexistent/fabric/bin' });
    expect(err.code).to.equal(1);
    expect(err.stderr.trim()).to.equal('install-fabric: FABRIC_BIN=/nonexistent/fabric/bin is not a directory');
  });

  it('refuses release binaries older than 2.5', async function () {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'govchain-oldbin-'));
    try {
      for (const t of ['peer', 'orderer', 'configtxgen', 'configtxlator', 'cryptogen', 'osnadmin']) {
        writeFileSync(path.join(bin, t), '#!/bin/sh\necho "peer:"\necho " Version: 2.2.15"\n');
        chmodSync(path.join(bin, t), 0o755);
      }
      const err = await fails({ FABRIC_BIN: bin });
      expect(err.stderr).to.match(/FABRIC_BIN holds Fabric 2\.2\.15; govchain needs Fabric >= 2\.5\.0/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  /** A copy of the script in an empty tree (no cache), run with GOPROXY=off so the module is refused. */
  async function failsInEmptyTree(extra: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
    const home = mkdtempSync(path.join(os.tmpdir(), 'govchain-noproxy-'));
    try {
      mkdirSync(path.join(home, 'scripts'));
      mkdirSync(path.join(home, 'network'));
      writeFileSync(path.join(home, 'scripts', 'install-fabric.sh'), readFileSync(script));
      writeFileSync(path.join(home, 'network', 'fabric.env'), readFileSync(path.join(ROOT, 'network', 'fabric.env')));
      return (await exec('bash', [path.join(home, 'scripts', 'install-fabric.sh')], {
        env: { PATH: process.env.PATH, HOME: home, GOPROXY: 'off', GOFLAGS: '', ...extra },
      }).then(
        () => expect.fail('should exit non-zero'),
        (e: unknown) => e,
      )) as { code: number; stderr: string };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }

  it('names both refusals when the proxy refuses the module and there is no source archive', async function () {
    const err = await failsInEmptyTree({ FABRIC_SRC_ARCHIVE: '/nonexistent/fabric-src.tar.gz' });
    expect(err.code).to.equal(1);
    expect(err.stderr.trim()).to.match(
      /^install-fabric: no way to get Fabric 3\.1\.5: the Go module proxy refused github\.com\/hyperledger\/fabric@v1\.4\.0-rc1\.0\.20260618074816-86c1172bec37 \(.+\), and there is no source archive at \/nonexistent\/fabric-src\.tar\.gz/,
    );
  });

  it('refuses a source archive whose checksum is not the pinned one, naming the file', async function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-archive-'));
    try {
      const archive = path.join(dir, 'fabric-3.1.5-src.tar.gz');
      writeFileSync(archive, 'not the release');
      const err = await failsInEmptyTree({ FABRIC_SRC_ARCHIVE: archive });
      expect(err.code).to.equal(1);
      expect(err.stderr.trim().split('\n').pop()).to.match(
        new RegExp(
          `^install-fabric: checksum mismatch: ${archive} has SHA-256 [0-9a-f]{64}, network/fabric.env pins 687082370a70`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what to install when Go is missing and nothing is cached', async function () {
    const home = mkdtempSync(path.join(os.tmpdir(), 'govchain-nogo-'));
    try {
      // A copy of the script in an empty tree: no cache, and a PATH without go.
      mkdirSync(path.join(home, 'scripts'));
      mkdirSync(path.join(home, 'network'));
      writeFileSync(path.join(home, 'scripts', 'install-fabric.sh'), readFileSync(script));
      writeFileSync(path.join(home, 'network', 'fabric.env'), readFileSync(path.join(ROOT, 'network', 'fabric.env')));
      const err = (await exec('bash', [path.join(home, 'scripts', 'install-fabric.sh')], {
        env: { PATH: '/usr/bin:/bin', HOME: home },
      }).then(
        () => expect.fail('should exit non-zero'),
        (e: unknown) => e,
      )) as { code: number; stderr: string };
      expect(err.code).to.equal(1);
      expect(err.stderr.trim()).to.match(
        /^install-fabric: Go >= [\d.]+ is needed to build Fabric [\d.]+: install Go, or set FABRIC_BIN/,
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('bounded parallelism of Fabric tool commands', function () {
  it('a semaphore runs at most its size at once, and every task in turn', async function () {
    const slots = new Semaphore(2);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        slots.use(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          done.push(i);
        }),
      ),
    );
    expect(most).to.equal(2);
    expect(done).to.have.members([0, 1, 2, 3, 4, 5]);
  });

  it('a failed task frees its slot', async function () {
    const slots = new Semaphore(1);
    await expect(slots.use(() => Promise.reject(new Error('boom')))).to.be.rejectedWith('boom');
    expect(await slots.use(() => Promise.resolve('next'))).to.equal('next');
  });

  it('peer CLI parallelism: twice the cores by default, GOVCHAIN_CLI_PARALLELISM checked', function () {
    expect(cliParallelism({})).to.equal(Math.max(2, 2 * os.availableParallelism()));
    expect(cliParallelism({ GOVCHAIN_CLI_PARALLELISM: '3' })).to.equal(3);
    for (const bad of ['0', '1.5', 'many', '1000']) {
      expect(() => cliParallelism({ GOVCHAIN_CLI_PARALLELISM: bad }), bad).to.throw(/GOVCHAIN_CLI_PARALLELISM/);
    }
  });
});
