/**
 * One department's chaincode host: a single Node.js process that serves every chaincode of the
 * department as a service, each on its own address with its own package id — what
 * `fabric-chaincode-node server` does for one chaincode, done for several. One process per department
 * instead of one per chaincode and department (40 processes for the ten departments of the default
 * network, 196 for the city's 49) saves the runtime, the gRPC stack and fabric-shim loaded once each.
 *
 * Every chaincode here is the same department's, so `stub.getMspID()` (the host's
 * `CORE_PEER_LOCALMSPID`) is right for all of them; the network scripts start one host per department,
 * never one shared by departments.
 *
 * Usage: `node host.js <config.json>`, with the configuration {@link HostConfig} (written by the network
 * scripts under the network's run directory). fabric-contract-api keeps some decorator metadata global
 * (the default contract, `@Info` by class name, `@Object` types); our chaincodes declare no default
 * contract and no `@Object`, and each chaincode's contract set is read right after its module loads.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** One chaincode the host serves. */
export interface HostedChaincode {
  /** The chaincode's name on the channel, for logs. */
  readonly name: string;
  /** Directory of the chaincode's package (its package.json names the module with its contracts). */
  readonly module: string;
  /** host:port the department's peer dials (the package's connection.json). */
  readonly address: string;
  /** The package id the department's peer installed. */
  readonly packageId: string;
}

/** What a host serves, and its TLS files: the server certificate and the CA of clients it accepts. */
export interface HostConfig {
  readonly tls: { readonly cert: string; readonly key: string; readonly clientCa: string };
  readonly chaincodes: readonly HostedChaincode[];
}

const ADDRESS = /^[A-Za-z0-9.-]+:\d{1,5}$/;

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${where} must be a non-empty string`);
  return value;
}

/**
 * Checks a host configuration before anything starts.
 *
 * @param raw - the parsed JSON
 * @returns the configuration
 * @throws Error naming the first field that is missing or malformed
 */
export function parseHostConfig(raw: unknown): HostConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('the host configuration must be a JSON object');
  const { tls, chaincodes } = raw as { tls?: unknown; chaincodes?: unknown };
  if (typeof tls !== 'object' || tls === null) throw new Error('tls must be an object');
  const files = tls as Record<string, unknown>;
  if (!Array.isArray(chaincodes) || chaincodes.length === 0) throw new Error('chaincodes must be a non-empty list');
  const seen = new Set<string>();
  const hosted = chaincodes.map((c: unknown, i): HostedChaincode => {
    if (typeof c !== 'object' || c === null) throw new Error(`chaincodes[${i}] must be an object`);
    const entry = c as Record<string, unknown>;
    const name = text(entry.name, `chaincodes[${i}].name`);
    const address = text(entry.address, `chaincodes[${i}].address`);
    if (!ADDRESS.test(address)) throw new Error(`chaincodes[${i}].address '${address}' is not host:port`);
    for (const key of [name, address]) {
      if (seen.has(key)) throw new Error(`chaincodes[${i}]: '${key}' appears twice`);
      seen.add(key);
    }
    const module = text(entry.module, `chaincodes[${i}].module`);
    if (!path.isAbsolute(module)) throw new Error(`chaincodes[${i}].module must be an absolute path`);
    return { name, module, address, packageId: text(entry.packageId, `chaincodes[${i}].packageId`) };
  });
  return {
    tls: {
      cert: text(files.cert, 'tls.cert'),
      key: text(files.key, 'tls.key'),
      clientCa: text(files.clientCa, 'tls.clientCa'),
    },
    chaincodes: hosted,
  };
}

interface ContractInfo {
  readonly contracts: unknown;
  readonly serializers: unknown;
  readonly title: string;
  readonly version: string;
}

/** The parts of fabric-shim's own server start (lib/contract-spi, lib/cmds/serverCommand) the host uses. */
interface ShimInternals {
  readonly Bootstrap: {
    getInfoFromContract(modulePath: string): ContractInfo;
    getMetadata(modulePath: string): Promise<unknown>;
  };
  readonly ChaincodeFromContract: new (
    contracts: unknown,
    serializers: unknown,
    metadata: unknown,
    title: string,
    version: string,
  ) => object;
  readonly server: (chaincode: object, options: Record<string, unknown>) => { start(): Promise<void> };
  /** The server command's options: its `grpc.*` keepalive defaults are the host's too. */
  readonly serverOptions: Record<string, { default?: unknown }>;
}

function loadShim(): ShimInternals {
  /* eslint-disable @typescript-eslint/no-require-imports -- fabric-shim's internal modules have no types */
  const shim = require('fabric-shim') as { server: ShimInternals['server'] };
  return {
    Bootstrap: require('fabric-shim/lib/contract-spi/bootstrap.js') as ShimInternals['Bootstrap'],
    ChaincodeFromContract:
      require('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as ShimInternals['ChaincodeFromContract'],
    server: (chaincode, options) => shim.server(chaincode, options),
    serverOptions: (
      require('fabric-shim/lib/cmds/serverCommand.js') as { validOptions: ShimInternals['serverOptions'] }
    ).validOptions,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** gRPC options of the chaincode servers: the defaults of `fabric-chaincode-node server`. */
export function grpcDefaults(serverOptions: ShimInternals['serverOptions']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(serverOptions)
      .filter(([key, option]) => key.startsWith('grpc.') && option.default !== undefined)
      .map(([key, option]) => [key, option.default]),
  );
}

/**
 * Starts a server for each chaincode of the configuration, one after the other: each chaincode's
 * contracts are read right after its module loads.
 *
 * @param config - what to serve
 * @param log - where progress goes
 */
export async function serveAll(config: HostConfig, log: (line: string) => void): Promise<void> {
  const shim = loadShim();
  const tlsProps = {
    cert: readFileSync(config.tls.cert),
    key: readFileSync(config.tls.key),
    clientCACerts: readFileSync(config.tls.clientCa),
  };
  const grpc = grpcDefaults(shim.serverOptions);
  for (const c of config.chaincodes) {
    const { contracts, serializers, title, version } = shim.Bootstrap.getInfoFromContract(c.module);
    const metadata = await shim.Bootstrap.getMetadata(c.module);
    const chaincode = new shim.ChaincodeFromContract(contracts, serializers, metadata, title, version);
    await shim.server(chaincode, { ...grpc, ccid: c.packageId, address: c.address, tlsProps }).start();
    log(`chaincode host: ${c.name} (${title} ${version}) serves ${c.packageId} on ${c.address}`);
  }
}

function main(argv: readonly string[]): void {
  const [file] = argv;
  if (file === undefined) {
    process.stderr.write('usage: node host.js <config.json>\n');
    process.exit(2);
  }
  let config: HostConfig;
  try {
    config = parseHostConfig(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    process.stderr.write(`chaincode host: ${file}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  serveAll(config, (line) => process.stdout.write(`${line}\n`)).catch((err: unknown) => {
    process.stderr.write(`chaincode host: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}

if (require.main === module) main(process.argv.slice(2));
