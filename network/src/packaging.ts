import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { chaincodeDefinition, governanceOf, type ChaincodeDefinition } from './chaincode';
import { ccaasConnection, fixModes, packageIdOf, tarGz, writeCcaasPackage } from './chaincode-package';
import { NetworkError } from './errors';
import { CHAINCODE_SERVER_PORT, SERVER_JS, dockerfile, imageReadme } from './image-recipe';
import { chaincodeServerManifests } from './k8s';
import { type Layout, type OrgLayout, layoutFor, pathsFor } from './layout';
import { loadTopology } from './topology';

/** What `npm run package` is asked for. */
export interface PackageOptions {
  /** The repository root. */
  readonly root: string;
  /** Topology profile name or file (default `default`). */
  readonly topology?: string;
  /** Chaincode names of the topology, or every one. */
  readonly chaincodes: readonly string[] | 'all';
  /** Output directory (default `<GOVCHAIN_HOME or .govchain>/packages`). */
  readonly out?: string;
  /** Also write Kubernetes manifests for the chaincode servers. */
  readonly k8s?: boolean;
  /**
   * A directory with each department's TLS CA certificate as `<department key>.pem`: the CA that issues
   * its chaincode servers' TLS certificates, which a ccaas package's `connection.json` names. Default: the
   * CAs of the network under GOVCHAIN_HOME, when it has been created.
   */
  readonly tlsCaDir?: string;
  /** Image repository the manifests name, `<registry>/<chaincode>:<label>` (default `govchain`). */
  readonly registry?: string;
}

/** One package file and its id (`label:sha256hex` of the file). */
export interface PackageFile {
  readonly file: string;
  readonly id: string;
}

/** Everything written for one chaincode. */
export interface ChaincodePackages {
  readonly name: string;
  readonly label: string;
  /** The definition version `network:up` would commit for this code, policy and collections. */
  readonly version: string;
  readonly signaturePolicy: string;
  /** `definition/signature-policy.txt`. */
  readonly policyFile: string;
  /** `definition/collections_config.json`; undefined when the chaincode has no collection. */
  readonly collectionsFile: string | undefined;
  /** The `node` package the peer's own Node builder builds. */
  readonly node: PackageFile;
  /** One chaincode-as-a-service package per department, by department key; empty without TLS CAs. */
  readonly ccaas: Readonly<Record<string, PackageFile>>;
  /** The directory a container image of the chaincode server builds from (its Dockerfile and README). */
  readonly image: string;
  /** Kubernetes manifests per department key (with `k8s`). */
  readonly manifests: Readonly<Record<string, string>>;
}

/** What one run wrote, and why any ccaas packages were left out. */
export interface PackageResult {
  readonly out: string;
  readonly topology: string;
  readonly chaincodes: readonly ChaincodePackages[];
  /** Set when the ccaas packages were not written: no TLS CA for the departments. */
  readonly ccaasSkipped?: string;
}

/** Subfolders of `<out>/<chaincode>/` this command owns (and replaces on each run). */
const OWNED = ['node', 'ccaas', 'image', 'definition', 'k8s', 'packages.json'];

/** Where a department's TLS CA comes from: a file, read only after every input has been checked. */
function tlsCaFiles(layout: Layout, tlsCaDir: string | undefined): Map<string, string> | string {
  if (tlsCaDir !== undefined) {
    const dir = path.resolve(tlsCaDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new NetworkError(`--tls-ca-dir ${tlsCaDir} is not a directory`);
    }
    const files = new Map(layout.orgs.map((o) => [o.department.key, path.join(dir, `${o.department.key}.pem`)]));
    const missing = [...files].filter(([, f]) => !existsSync(f)).map(([k]) => `${k}.pem`);
    if (missing.length > 0) throw new NetworkError(`--tls-ca-dir ${tlsCaDir} has no ${missing.join(', ')}`);
    return files;
  }
  const missing = layout.orgs.filter((o) => !existsSync(o.tlsCa));
  if (missing.length > 0) {
    return `no TLS CA for ${missing.map((o) => o.department.key).join(', ')}: give --tls-ca-dir DIR with <department>.pem`;
  }
  return new Map(layout.orgs.map((o) => [o.department.key, o.tlsCa]));
}

/** Checks the output directory: a directory or nothing yet, never a file. */
function outputDir(out: string): string {
  if (out.trim() === '') throw new NetworkError('--out must name a directory');
  const dir = path.resolve(out);
  let probe = dir;
  while (!existsSync(probe)) probe = path.dirname(probe);
  if (!statSync(probe).isDirectory()) {
    throw new NetworkError(`--out ${out}: ${path.relative(process.cwd(), probe) || probe} is not a directory`);
  }
  return dir;
}

/**
 * Checks every input before anything is written: the topology, the chaincodes (known and built), the
 * output directory, the TLS CAs.
 */
function plan(options: PackageOptions): {
  layout: Layout;
  out: string;
  definitions: ChaincodeDefinition[];
  cas: Map<string, string> | string;
} {
  const topology = loadTopology(options.root, options.topology ?? 'default');
  const known = topology.chaincodes.map((c) => c.name);
  const asked = options.chaincodes === 'all' ? known : [...new Set(options.chaincodes)];
  if (asked.length === 0) throw new NetworkError('name a chaincode or all');
  const unknown = asked.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new NetworkError(
      `unknown chaincode ${unknown.map((n) => `'${n}'`).join(', ')} (topology ${topology.name} has ${known.join(', ')})`,
    );
  }
  const paths = pathsFor(options.root);
  const out = outputDir(options.out ?? paths.packages);
  const layout = layoutFor(topology, paths);
  const definitions = asked.map((name) => {
    const spec = topology.chaincodes.find((c) => c.name === name);
    if (!spec) throw new NetworkError(`unknown chaincode '${name}'`);
    return chaincodeDefinition(layout, spec);
  });
  const cas = tlsCaFiles(layout, options.tlsCaDir);
  if (options.k8s === true && typeof cas === 'string') {
    throw new NetworkError(`--k8s needs the ccaas packages' ids, and so each department's TLS CA: ${cas}`);
  }
  return { layout, out, definitions, cas };
}

/**
 * Writes, for each chaincode asked for: the `node` package, one ccaas package per department, the
 * container image's staged directory, the definition's collection configuration and signature policy,
 * and (with `k8s`) the chaincode servers' Kubernetes manifests. Every archive is byte-reproducible, so
 * the same source gives the same package ids.
 *
 * @param options - what to package, from which topology, where to
 * @returns what was written, with each package's id
 * @throws NetworkError on an unknown topology or chaincode, a chaincode not built, an output path that is
 * a file, or a TLS CA directory that lacks a department — before anything is written
 */
export async function packageChaincodes(options: PackageOptions): Promise<PackageResult> {
  const { layout, out, definitions, cas } = plan(options);
  const governance = `${JSON.stringify(governanceOf(layout), null, 2)}\n`;
  const chaincodes: ChaincodePackages[] = [];
  for (const def of definitions) {
    const dir = path.join(out, def.spec.name);
    for (const owned of OWNED) rmSync(path.join(dir, owned), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const definition = writeDefinition(def, path.join(dir, 'definition'));
    const node = await writeNodePackage(layout.paths.root, def, governance, path.join(dir, 'node'));
    const image = path.join(dir, 'image');
    await writeImageDir(layout.paths.root, def, governance, image);
    const ccaas: Record<string, PackageFile> = {};
    const manifests: Record<string, string> = {};
    if (typeof cas !== 'string') {
      for (const org of layout.orgs) {
        const pkg = await writeServerPackage(def, org, cas, path.join(dir, 'ccaas'));
        ccaas[org.department.key] = pkg;
        if (options.k8s === true) {
          manifests[org.department.key] = writeManifests(def, org, pkg.id, options.registry, path.join(dir, 'k8s'));
        }
      }
    }
    const result: ChaincodePackages = {
      name: def.spec.name,
      label: def.label,
      version: def.version,
      signaturePolicy: def.signaturePolicy,
      ...definition,
      node,
      ccaas,
      image,
      manifests,
    };
    const summary = { ...result, topology: layout.topology.name };
    writeFileSync(path.join(dir, 'packages.json'), `${JSON.stringify(summary, relativeTo(out), 2)}\n`);
    chaincodes.push(result);
  }
  return {
    out,
    topology: layout.topology.name,
    chaincodes,
    ...(typeof cas === 'string' ? { ccaasSkipped: cas } : {}),
  };
}

/** A JSON replacer writing absolute paths below `base` relative to it (so the summary is reproducible). */
function relativeTo(base: string): (key: string, value: unknown) => unknown {
  return (_key, value) =>
    typeof value === 'string' && value.startsWith(`${base}/`) ? path.relative(base, value) : value;
}

function writeDefinition(
  def: ChaincodeDefinition,
  dir: string,
): { policyFile: string; collectionsFile: string | undefined } {
  mkdirSync(dir, { recursive: true });
  const policyFile = path.join(dir, 'signature-policy.txt');
  writeFileSync(policyFile, `${def.signaturePolicy}\n`);
  if (def.collections.length === 0) return { policyFile, collectionsFile: undefined };
  const collectionsFile = path.join(dir, 'collections_config.json');
  writeFileSync(collectionsFile, `${JSON.stringify(def.collections, null, 2)}\n`);
  return { policyFile, collectionsFile };
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly main?: string;
  readonly exports?: unknown;
  readonly dependencies?: Readonly<Record<string, string>>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** A workspace package's directory, through the root's node_modules link. */
function workspaceDir(root: string, name: string): string {
  const link = path.join(root, 'node_modules', name);
  if (!existsSync(link)) throw new NetworkError(`workspace package ${name} is not installed; run npm ci`);
  return realpathSync(link);
}

/**
 * The exact installed version of a third-party dependency, as a workspace package at `dir` resolves it: a
 * package's manifest names exact versions, so that what the peer installs is what we tested.
 */
function installedVersion(root: string, dir: string, dep: string): string {
  for (const base of [dir, root]) {
    const manifest = path.join(base, 'node_modules', dep, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson).version;
  }
  throw new NetworkError(`dependency ${dep} of ${path.relative(root, dir)} is not installed; run npm ci`);
}

const GOVCHAIN = '@govchain/';

/** `@govchain/protocol` → `govchain-protocol-0.1.0.tgz`, the vendored tarball's name. */
function vendorFile(pkg: PackageJson): string {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}

/** Built code of a workspace package: its `dist` without source maps, declarations and build info. */
function copyBuilt(from: string, to: string): void {
  for (const folder of ['dist', 'seed', 'collections', 'META-INF']) {
    const src = path.join(from, folder);
    if (!existsSync(src)) continue;
    cpSync(src, path.join(to, folder), {
      recursive: true,
      filter: (f) => !/\.(map|d\.ts|tsbuildinfo)$/.test(f),
    });
  }
}

/** Exact versions of a package's third-party dependencies; its workspace ones, by version, as they are. */
function pinnedDependencies(root: string, dir: string, pkg: PackageJson): Record<string, string> {
  const deps = Object.keys(pkg.dependencies ?? {}).sort();
  return Object.fromEntries(
    deps.map((d) => [d, d.startsWith(GOVCHAIN) ? (pkg.dependencies?.[d] ?? '') : installedVersion(root, dir, d)]),
  );
}

/** Every workspace package a chaincode uses, directly or not, sorted by name. */
function workspaceDependencies(root: string, dir: string): string[] {
  const found = new Set<string>();
  const visit = (d: string): void => {
    for (const dep of Object.keys(readPackageJson(d).dependencies ?? {})) {
      if (!dep.startsWith(GOVCHAIN) || found.has(dep)) continue;
      found.add(dep);
      visit(workspaceDir(root, dep));
    }
  };
  visit(dir);
  return [...found].sort();
}

/**
 * Stages a chaincode's source as the peer's Node builder and the image build install it: its built
 * code, seed and contract metadata, the consortium's governance file, and a package.json whose
 * dependencies are exact registry versions plus our workspace packages vendored as `file:` tarballs in
 * `vendor/` (the peer cannot reach our workspaces). `overrides` points the workspace packages' own
 * references to one another at the same tarballs.
 */
async function stageSource(
  root: string,
  def: ChaincodeDefinition,
  governance: string,
  dir: string,
  scripts: Readonly<Record<string, string>>,
): Promise<void> {
  mkdirSync(path.join(dir, 'vendor'), { recursive: true });
  copyBuilt(def.dir, dir);
  writeFileSync(path.join(dir, 'governance.json'), governance);
  const pkg = readPackageJson(def.dir);
  const workspaces = workspaceDependencies(root, def.dir);
  const vendored: Record<string, string> = {};
  for (const name of workspaces) {
    const wsDir = workspaceDir(root, name);
    const wsPkg = readPackageJson(wsDir);
    const file = vendorFile(wsPkg);
    await writeVendorTarball(root, wsDir, wsPkg, path.join(dir, 'vendor', file));
    vendored[name] = `file:vendor/${file}`;
  }
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    private: true,
    main: pkg.main ?? 'index.js',
    engines: { node: '>=18' },
    scripts,
    dependencies: { ...pinnedDependencies(root, def.dir, pkg), ...vendored },
    overrides: Object.fromEntries(workspaces.map((name) => [name, `$${name}`])),
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A workspace package as npm packs it (`package/…`), built code only, reproducibly. */
async function writeVendorTarball(root: string, wsDir: string, pkg: PackageJson, file: string): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'govchain-vendor-'));
  try {
    const staged = path.join(tmp, 'package');
    mkdirSync(staged);
    copyBuilt(wsDir, staged);
    const manifest = {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      license: pkg.license,
      private: true,
      main: pkg.main ?? 'index.js',
      ...(pkg.exports === undefined ? {} : { exports: pkg.exports }),
      dependencies: pinnedDependencies(root, wsDir, pkg),
    };
    writeFileSync(path.join(staged, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    fixModes(tmp);
    await tarGz(tmp, ['package'], file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The `start` script of a node package: fabric-chaincode-node, with the governance file the package
 * carries unless the peer's environment names another.
 */
export const NODE_START =
  'GOVCHAIN_GOVERNANCE_FILE="${GOVCHAIN_GOVERNANCE_FILE:-governance.json}" fabric-chaincode-node start';

/**
 * Writes a `node` package (`metadata.json` type node, `code.tar.gz` holding `src/`) that the peer's own
 * Node builder builds: `npm install --production` in `src/`, then `npm start`.
 */
async function writeNodePackage(
  root: string,
  def: ChaincodeDefinition,
  governance: string,
  dir: string,
): Promise<PackageFile> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'govchain-node-pkg-'));
  try {
    const code = path.join(tmp, 'code');
    await stageSource(root, def, governance, path.join(code, 'src'), { start: NODE_START });
    const pkg = path.join(tmp, 'pkg');
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'metadata.json'), `${JSON.stringify({ type: 'node', label: def.label })}\n`);
    fixModes(code);
    fixModes(pkg);
    await tarGz(code, ['src'], path.join(pkg, 'code.tar.gz'));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${def.label}.tgz`);
    await tarGz(pkg, ['metadata.json', 'code.tar.gz'], file);
    return { file, id: packageIdOf(def.label, file) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A department's chaincode-as-a-service package: its server's Service address, its TLS CA. */
async function writeServerPackage(
  def: ChaincodeDefinition,
  org: OrgLayout,
  cas: ReadonlyMap<string, string>,
  dir: string,
): Promise<PackageFile> {
  const key = org.department.key;
  const ca = cas.get(key);
  if (ca === undefined) throw new NetworkError(`no TLS CA for ${key}`);
  const address = `${serverName(def.spec.name, key)}:${CHAINCODE_SERVER_PORT}`;
  const connection = `${JSON.stringify(ccaasConnection(address, readFileSync(ca, 'utf8')))}\n`;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key}.tgz`);
  await writeCcaasPackage(file, def.label, connection);
  return { file, id: packageIdOf(def.label, file) };
}

/** The Kubernetes name of a department's server for a chaincode, and its Service's host name. */
export function serverName(chaincode: string, department: string): string {
  return `cc-${chaincode}-${department}`;
}

function writeManifests(
  def: ChaincodeDefinition,
  org: OrgLayout,
  packageId: string,
  registry: string | undefined,
  dir: string,
): string {
  mkdirSync(dir, { recursive: true });
  const docs = chaincodeServerManifests({
    name: serverName(def.spec.name, org.department.key),
    chaincode: def.spec.name,
    department: org.department.key,
    mspId: org.department.mspId,
    packageId,
    image: `${registry ?? 'govchain'}/${def.spec.name}:${def.label}`,
  });
  const file = path.join(dir, `${org.department.key}.yaml`);
  writeFileSync(file, docs.map((d) => stringify(d, { sortMapEntries: false })).join('---\n'));
  return file;
}

/** The image recipe's staged directory: the source as for a node package, the server, Dockerfile, README. */
async function writeImageDir(root: string, def: ChaincodeDefinition, governance: string, dir: string): Promise<void> {
  await stageSource(root, def, governance, dir, { start: 'node server.js' });
  writeFileSync(path.join(dir, 'server.js'), SERVER_JS);
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(def.spec.name, def.label));
  writeFileSync(path.join(dir, 'README.md'), imageReadme(def.spec.name, def.label));
  writeFileSync(path.join(dir, '.dockerignore'), 'Dockerfile\nREADME.md\n.dockerignore\nnode_modules\n');
  fixModes(dir);
}
