import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import {
  CHAINCODE_SERVER_PORT,
  NODE_START,
  SERVER_ENVIRONMENT,
  type PackageResult,
  collectionsConfig,
  layoutFor,
  loadTopology,
  packageChaincodes,
  pathsFor,
  resolveFabric,
  signaturePolicy,
  tlsSecretName,
} from '@govchain/network';
import { type TarMember, memberText, readTarGz } from '../../support/tar';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const TOPOLOGY = 'small';
const LAYOUT = layoutFor(loadTopology(ROOT, TOPOLOGY), pathsFor(ROOT));
const DEPARTMENTS = LAYOUT.orgs.map((o) => o.department.key);
const pem = (key: string): string => `-----BEGIN CERTIFICATE-----\nTLS CA of ${key}\n-----END CERTIFICATE-----\n`;

/** Every file below `dir`, relative, sorted. */
function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    )
    .sort();
}

/** The version the repository's lock file installs of a registry package. */
function lockedVersion(name: string): string | undefined {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  return lock.packages[`node_modules/${name}`]?.version;
}

function expectReproducibleHeaders(members: readonly TarMember[]): void {
  for (const m of members) {
    expect({ name: m.name, uid: m.uid, gid: m.gid, mtime: m.mtime }).to.deep.equal({
      name: m.name,
      uid: 0,
      gid: 0,
      mtime: 0,
    });
    expect(m.mode, m.name).to.equal(m.type === '5' ? 0o755 : 0o644);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

describe('npm run package: packages for any Fabric network', function () {
  this.timeout(120_000);
  let work: string;
  let first: PackageResult;
  let second: PackageResult;

  before(async function () {
    work = mkdtempSync(path.join(os.tmpdir(), 'govchain-packages-'));
    const cas = path.join(work, 'cas');
    mkdirSync(cas);
    for (const key of DEPARTMENTS) writeFileSync(path.join(cas, `${key}.pem`), pem(key));
    const options = { root: ROOT, topology: TOPOLOGY, chaincodes: 'all' as const, tlsCaDir: cas, k8s: true };
    first = await packageChaincodes({ ...options, out: path.join(work, 'a') });
    // The second run under another umask (files written group-writable): the bytes must not change.
    const umask = process.umask(0o002);
    try {
      second = await packageChaincodes({ ...options, out: path.join(work, 'b') });
    } finally {
      process.umask(umask);
    }
  });

  after(function () {
    rmSync(work, { recursive: true, force: true });
  });

  it('packages every chaincode of the topology', function () {
    expect(first.chaincodes.map((c) => c.name)).to.deep.equal(LAYOUT.topology.chaincodes.map((c) => c.name));
  });

  it('writes the same bytes, so the same package ids, from the same source under any umask', function () {
    const ids = (r: PackageResult): unknown =>
      r.chaincodes.map((c) => ({ node: c.node.id, ccaas: Object.values(c.ccaas).map((p) => p.id) }));
    expect(ids(second)).to.deep.equal(ids(first));
    const a = filesUnder(first.out);
    expect(filesUnder(second.out)).to.deep.equal(a);
    for (const file of a) {
      expect(readFileSync(path.join(second.out, file)).equals(readFileSync(path.join(first.out, file))), file).to.equal(
        true,
      );
    }
  });

  it('gives each package the id calculatepackageid prints: label:sha256 of the file', function () {
    for (const c of first.chaincodes) {
      for (const pkg of [c.node, ...Object.values(c.ccaas)]) {
        expect(pkg.id).to.equal(`${c.label}:${createHash('sha256').update(readFileSync(pkg.file)).digest('hex')}`);
      }
    }
  });

  it("gives each node package the id Fabric's own peer CLI calculates (and so accepts at install)", function () {
    // The pinned release's peer binary, which npm test installs before the unit tests.
    const fabric = resolveFabric(ROOT);
    for (const c of first.chaincodes) {
      const printed = execFileSync(
        path.join(fabric.bin, 'peer'),
        ['lifecycle', 'chaincode', 'calculatepackageid', c.node.file],
        { encoding: 'utf8', env: { ...process.env, FABRIC_CFG_PATH: fabric.sampleConfig } },
      ).trim();
      expect(printed, c.name).to.equal(c.node.id);
    }
  });

  describe('the node package', function () {
    for (const name of ['e-license', 'control']) {
      it(`holds ${name}'s metadata.json (type node) and code.tar.gz, reproducibly`, function () {
        const c = first.chaincodes.find((x) => x.name === name)!;
        const outer = readTarGz(readFileSync(c.node.file));
        expect(outer.map((m) => m.name)).to.deep.equal(['metadata.json', 'code.tar.gz']);
        expect(JSON.parse(memberText(outer, 'metadata.json'))).to.deep.equal({ type: 'node', label: c.label });
        expectReproducibleHeaders(outer);
        const code = readTarGz(outer.find((m) => m.name === 'code.tar.gz')!.data);
        expectReproducibleHeaders(code);
        expect(
          code.every((m) => m.name.startsWith('src/')),
          'everything under src/',
        ).to.equal(true);
        const pkg = JSON.parse(memberText(code, 'src/package.json')) as {
          main: string;
          scripts: Record<string, string>;
          dependencies: Record<string, string>;
          overrides: Record<string, string>;
        };
        expect(pkg.scripts.start).to.equal(NODE_START);
        expect(pkg.scripts.start).to.match(/fabric-chaincode-node start$/);
        expect(code.map((m) => m.name)).to.include.members([`src/${pkg.main}`, 'src/governance.json']);
        expect(
          code.some((m) => /\.(map|ts|tsbuildinfo)$/.test(m.name)),
          'no sources, maps or build info',
        ).to.equal(false);
        // Resolvable by the peer: our workspace packages inside the package, the rest exact registry versions
        // (those we test with).
        for (const [dep, spec] of Object.entries(pkg.dependencies)) {
          if (dep.startsWith('@govchain/')) {
            expect(spec).to.match(/^file:vendor\/govchain-[a-z-]+-\d+\.\d+\.\d+\.tgz$/);
            const vendored = readTarGz(code.find((m) => m.name === `src/${spec.slice('file:'.length)}`)!.data);
            const manifest = JSON.parse(memberText(vendored, 'package/package.json')) as { name: string; main: string };
            expect(manifest.name).to.equal(dep);
            expect(vendored.map((m) => m.name)).to.include(`package/${manifest.main}`);
            expect(pkg.overrides[dep]).to.equal(`$${dep}`);
          } else {
            expect(spec, dep).to.equal(lockedVersion(dep));
          }
        }
        expect(Object.keys(pkg.dependencies)).to.include.members(['fabric-contract-api', 'fabric-shim']);
      });
    }

    it("carries e-license's seed and contract metadata, which the chaincode reads at start", function () {
      const c = first.chaincodes.find((x) => x.name === 'e-license')!;
      const code = readTarGz(readTarGz(readFileSync(c.node.file)).find((m) => m.name === 'code.tar.gz')!.data);
      expect(code.map((m) => m.name)).to.include.members(['src/seed/license-types.json', 'src/META-INF/metadata.json']);
      expect(JSON.parse(memberText(code, 'src/governance.json'))).to.have.property('departmentMsps');
    });
  });

  it('writes a ccaas package per department naming its Service and its TLS CA', function () {
    for (const c of first.chaincodes) {
      expect(Object.keys(c.ccaas)).to.deep.equal(DEPARTMENTS);
      for (const [key, pkg] of Object.entries(c.ccaas)) {
        const outer = readTarGz(readFileSync(pkg.file));
        expectReproducibleHeaders(outer);
        expect(JSON.parse(memberText(outer, 'metadata.json'))).to.deep.equal({ type: 'ccaas', label: c.label });
        const code = readTarGz(outer.find((m) => m.name === 'code.tar.gz')!.data);
        expect(JSON.parse(memberText(code, 'connection.json'))).to.deep.equal({
          address: `cc-${c.name}-${key}:${CHAINCODE_SERVER_PORT}`,
          dial_timeout: '10s',
          tls_required: true,
          client_auth_required: true,
          root_cert: pem(key),
        });
      }
    }
  });

  it('writes the signature policy and collection configuration the topology gives', function () {
    for (const c of first.chaincodes) {
      const spec = LAYOUT.topology.chaincodes.find((s) => s.name === c.name)!;
      expect(readFileSync(c.policyFile, 'utf8')).to.equal(`${signaturePolicy(LAYOUT, spec)}\n`);
      const collections = collectionsConfig(LAYOUT, spec);
      if (collections.length === 0) expect(c.collectionsFile).to.equal(undefined);
      else expect(JSON.parse(readFileSync(c.collectionsFile!, 'utf8'))).to.deep.equal(collections);
    }
    expect(first.chaincodes.find((c) => c.name === 'e-license')!.collectionsFile).to.be.a('string');
  });

  describe('the image recipe', function () {
    it('stages the server entrypoint, a non-root Dockerfile with production dependencies and the environment contract', function () {
      for (const c of first.chaincodes) {
        const files = filesUnder(c.image);
        expect(files).to.include.members(['Dockerfile', 'README.md', 'server.js', 'package.json', 'governance.json']);
        const pkg = JSON.parse(readFileSync(path.join(c.image, 'package.json'), 'utf8')) as {
          main: string;
          scripts: Record<string, string>;
        };
        expect(files).to.include(pkg.main);
        expect(pkg.scripts.start).to.equal('node server.js');
        const dockerfile = readFileSync(path.join(c.image, 'Dockerfile'), 'utf8');
        expect(dockerfile).to.match(/^USER 1000:1000$/m);
        expect(dockerfile).to.match(/npm install --omit=dev/);
        expect(dockerfile).to.match(/^CMD \["node", "server\.js"\]$/m);
        const readme = readFileSync(path.join(c.image, 'README.md'), 'utf8');
        const server = readFileSync(path.join(c.image, 'server.js'), 'utf8');
        for (const v of SERVER_ENVIRONMENT) {
          expect(readme, v.name).to.include(`\`${v.name}\``);
          if (v.required) expect(server, v.name).to.include(`'${v.name}'`);
        }
      }
    });

    it('refuses to start without its environment, naming what is missing', async function () {
      const image = first.chaincodes[0]!.image;
      const child = spawn(process.execPath, ['server.js'], { cwd: image, env: { PATH: process.env.PATH } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).to.equal(2);
      for (const v of SERVER_ENVIRONMENT.filter((x) => x.required)) expect(stderr).to.include(v.name);
    });

    it('starts the chaincode server from the staged directory with the stated environment', async function () {
      const copy = path.join(work, 'image');
      const image = first.chaincodes.find((c) => c.name === 'control')!.image;
      cpSync(image, copy, { recursive: true });
      // What `npm install --omit=dev` gives the image; here the repository's own modules.
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
      const port = await freePort();
      const child = spawn(process.execPath, ['server.js'], {
        cwd: copy,
        env: {
          PATH: process.env.PATH,
          CHAINCODE_SERVER_ADDRESS: `127.0.0.1:${port}`,
          CHAINCODE_ID: first.chaincodes.find((c) => c.name === 'control')!.ccaas[DEPARTMENTS[0]!]!.id,
          CORE_PEER_LOCALMSPID: LAYOUT.orgs[0]!.department.mspId,
          CHAINCODE_TLS_DISABLED: 'true',
          CORE_CHAINCODE_LOGGING_LEVEL: 'warning',
        },
        stdio: 'ignore',
      });
      try {
        let up = false;
        for (let i = 0; i < 100 && !up && child.exitCode === null; i++) {
          await sleep(200);
          up = await listening(port);
        }
        expect(up, 'the server listens').to.equal(true);
      } finally {
        child.kill('SIGTERM');
      }
    });
  });

  describe('the Kubernetes manifests', function () {
    it('are a schema-valid Deployment and Service per chaincode and department', function () {
      for (const c of first.chaincodes) {
        expect(Object.keys(c.manifests)).to.deep.equal(DEPARTMENTS);
        for (const [key, file] of Object.entries(c.manifests)) {
          const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
          expect(docs.map((d) => d.kind)).to.deep.equal(['Deployment', 'Service']);
          const deployment = new Deployment(docs[0]);
          const service = new Service(docs[1]);
          deployment.validate();
          service.validate();
          const name = `cc-${c.name}-${key}`;
          expect(deployment.metadata?.name).to.equal(name);
          expect(service.metadata?.name).to.equal(name);
          const pod = deployment.spec!.template.spec!;
          const container = pod.containers[0]!;
          const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
          expect(env.CHAINCODE_ID).to.equal(c.ccaas[key]!.id);
          expect(env.CORE_PEER_LOCALMSPID).to.equal(
            LAYOUT.orgs.find((o) => o.department.key === key)!.department.mspId,
          );
          for (const v of SERVER_ENVIRONMENT.filter((x) => x.required)) expect(env, v.name).to.have.property(v.name);
          expect(pod.securityContext?.runAsNonRoot).to.equal(true);
          expect(container.securityContext?.allowPrivilegeEscalation).to.equal(false);
          expect(container.readinessProbe?.tcpSocket?.port).to.equal('chaincode');
          expect(container.livenessProbe?.tcpSocket?.port).to.equal('chaincode');
          expect(container.ports?.[0]?.containerPort).to.equal(CHAINCODE_SERVER_PORT);
          expect(container.resources?.requests).to.have.keys('cpu', 'memory');
          expect(pod.volumes?.[0]?.secret?.secretName).to.equal(tlsSecretName({ name }));
          expect(service.spec?.ports?.[0]?.port).to.equal(CHAINCODE_SERVER_PORT);
          expect(service.spec?.selector).to.deep.equal(deployment.spec!.selector.matchLabels);
        }
      }
    });

    it('refuses a Deployment that breaks the schema (the validator does check)', function () {
      const file = Object.values(first.chaincodes[0]!.manifests)[0]!;
      const doc = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS() as {
        spec: { template: { spec: { containers: { readinessProbe: unknown }[] } } };
      };
      doc.spec.template.spec.containers[0]!.readinessProbe = { tcpSocket: {} };
      expect(() => {
        new Deployment(doc as object).validate();
      }).to.throw(/port/);
    });
  });
});
