/**
 * The container image of a chaincode server (chaincode as a service): its entrypoint, Dockerfile and the
 * environment contract, written beside the staged source by `npm run package`.
 */

/** The port the server listens on inside its container (and the Service's port). */
export const CHAINCODE_SERVER_PORT = 9999;

/** Where the manifests mount a server's TLS secret, and the files in it. */
export const TLS_DIR = '/etc/govchain/tls';

/** One variable of the server's environment contract. */
export interface ContractVariable {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** The image's default, if any. */
  readonly default?: string;
}

/** What the server reads from its environment (server.js checks it; the README and manifests follow it). */
export const SERVER_ENVIRONMENT: readonly ContractVariable[] = [
  {
    name: 'CHAINCODE_SERVER_ADDRESS',
    required: true,
    description: 'host:port the server listens on',
    default: `0.0.0.0:${CHAINCODE_SERVER_PORT}`,
  },
  {
    name: 'CHAINCODE_ID',
    required: true,
    description:
      "the package id of the department's ccaas package (`label:sha256`), as `peer lifecycle chaincode queryinstalled` prints it",
  },
  {
    name: 'CORE_PEER_LOCALMSPID',
    required: true,
    description: "the department's MSP id (implicit private collections are named after it)",
  },
  {
    name: 'CHAINCODE_TLS_CERT_FILE',
    required: true,
    description: "PEM file of the server's TLS certificate, issued by the department's TLS CA",
  },
  { name: 'CHAINCODE_TLS_KEY_FILE', required: true, description: 'PEM file of its private key' },
  {
    name: 'CHAINCODE_TLS_CLIENT_CACERT_FILE',
    required: true,
    description: "PEM file of the department's TLS CA: only clients with a certificate from it (its peer) may connect",
  },
  {
    name: 'CHAINCODE_TLS_DISABLED',
    required: false,
    description: '`true` serves without TLS (development only; the ccaas package then must say `tls_required: false`)',
  },
  {
    name: 'GOVCHAIN_GOVERNANCE_FILE',
    required: false,
    description: "the consortium's governance file (departments, roles, limits) that seeding reads",
    default: '/app/governance.json',
  },
  {
    name: 'GOVCHAIN_MAX_CLOCK_SKEW_SECONDS',
    required: false,
    description: "how far a proposal's timestamp may be from this server's clock",
  },
  {
    name: 'CORE_CHAINCODE_LOGGING_LEVEL',
    required: false,
    description: 'fabric-shim log level (`info`, `debug`, …)',
    default: 'info',
  },
];

/** The image's entrypoint: checks the contract, then runs fabric-chaincode-node's server in this process. */
export const SERVER_JS = `'use strict';
// The chaincode server of this image (chaincode as a service). README.md states the environment it reads.
const path = require('node:path');

const env = process.env;
const problems = [];
const need = (name) => {
  const value = env[name];
  if (value === undefined || value === '') problems.push(\`\${name} is not set\`);
  return value;
};
const args = [
  'server',
  \`--chaincode-address=\${need('CHAINCODE_SERVER_ADDRESS')}\`,
  \`--chaincode-id=\${need('CHAINCODE_ID')}\`,
];
need('CORE_PEER_LOCALMSPID');
if (env.CHAINCODE_TLS_DISABLED !== 'true') {
  args.push(
    \`--chaincode-tls-cert-file=\${need('CHAINCODE_TLS_CERT_FILE')}\`,
    \`--chaincode-tls-key-file=\${need('CHAINCODE_TLS_KEY_FILE')}\`,
    \`--chaincode-tls-client-cacert-file=\${need('CHAINCODE_TLS_CLIENT_CACERT_FILE')}\`,
  );
}
if (problems.length > 0) {
  process.stderr.write(\`chaincode server: \${problems.join('; ')} (see README.md)\\n\`);
  process.exitCode = 2;
} else {
  process.chdir(__dirname);
  if (!env.GOVCHAIN_GOVERNANCE_FILE) env.GOVCHAIN_GOVERNANCE_FILE = path.join(__dirname, 'governance.json');
  const cli = require.resolve('fabric-shim/cli.js');
  process.argv = [process.argv[0], cli, ...args];
  require(cli);
}
`;

/** The Dockerfile: production dependencies only, files owned by root, the server run as `node` (uid 1000). */
export function dockerfile(chaincode: string, label: string): string {
  const defaults = SERVER_ENVIRONMENT.filter((v) => v.default !== undefined)
    .map((v) => `    ${v.name}=${v.default ?? ''}`)
    .join(' \\\n');
  return `# Chaincode server image for ${chaincode} (package label ${label}), written by npm run package.
# Build from this directory: docker build -t <registry>/${chaincode}:${label} .
FROM node:20.19-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Dependencies first (the vendored workspace packages with them), so code changes reuse this layer.
COPY package.json ./
COPY vendor ./vendor
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
ENV \\
${defaults}
EXPOSE ${CHAINCODE_SERVER_PORT}
# Files stay root's and read-only for the server; it needs no writable file system.
USER 1000:1000
CMD ["node", "server.js"]
`;
}

/** The staged directory's README: what it is, how to build and run it, the environment contract. */
export function imageReadme(chaincode: string, label: string): string {
  const rows = SERVER_ENVIRONMENT.map(
    (v) =>
      `| \`${v.name}\` | ${v.required ? 'yes' : 'no'} | ${v.default === undefined ? '' : `\`${v.default}\``} | ${v.description} |`,
  ).join('\n');
  return `# ${chaincode} chaincode server (chaincode as a service)

Written by \`npm run package\`; package label \`${label}\`. This directory is what the image builds from:
the chaincode's built code, seed and contract metadata, \`governance.json\` (the consortium's
departments and roles, from the topology), our workspace packages vendored under \`vendor/\`, and
\`server.js\`, which checks the environment below and runs \`fabric-chaincode-node server\`.

    docker build -t <registry>/${chaincode}:${label} .
    docker run -e CHAINCODE_ID=<package id> -e CORE_PEER_LOCALMSPID=<MSP id> \\
      -e CHAINCODE_TLS_CERT_FILE=/tls/tls.crt -e CHAINCODE_TLS_KEY_FILE=/tls/tls.key \\
      -e CHAINCODE_TLS_CLIENT_CACERT_FILE=/tls/ca.crt -v <dir>:/tls:ro -p ${CHAINCODE_SERVER_PORT}:${CHAINCODE_SERVER_PORT} \\
      <registry>/${chaincode}:${label}

The image runs as uid 1000 with production dependencies only. One server serves every peer of its
department that installed the same package: each department runs its own, with its own TLS
certificate, and installs its own ccaas package (\`../ccaas/<department>.tgz\`), whose
\`connection.json\` names the server's address and the department's TLS CA.

## Environment

| variable | required | image default | meaning |
|---|---|---|---|
${rows}

Mutual TLS is on unless \`CHAINCODE_TLS_DISABLED=true\`: the server presents its certificate and
accepts only clients whose certificate the department's TLS CA issued — its peer. The package's
\`connection.json\` has \`client_auth_required: true\`; govchain's external builder adds the peer's
TLS client certificate and key when it releases the package, and Fabric's stock \`ccaas_builder\`
expects them (\`client_cert\`, \`client_key\`) in \`connection.json\` itself.
`;
}
