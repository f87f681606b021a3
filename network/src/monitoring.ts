/**
 * What an operator needs to watch the network with Prometheus and Grafana, written by `network:up` into
 * `<home>/monitoring/`:
 * - `prometheus.yml`: a scrape job per organization. Every peer's and orderer's operations endpoint serves
 *   `/metrics` over TLS to clients with a certificate from the node's own organization's TLS CA (`/healthz`
 *   and `/version` are open), so each job presents that organization's admin TLS client certificate.
 * - `grafana-dashboard.json`: a dashboard over those metrics (block heights, transactions by validation
 *   code, endorsements, proposal time, ordering, Raft leadership), with the Prometheus data source as an
 *   input chosen on import.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { address, type Layout, type Machine } from './layout';

/** One scrape job of the generated configuration. */
export interface ScrapeJob {
  readonly job_name: string;
  readonly scheme: 'https';
  readonly metrics_path: '/metrics';
  readonly tls_config: { readonly ca_file: string; readonly cert_file: string; readonly key_file: string };
  readonly static_configs: readonly {
    readonly targets: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
  }[];
}

/**
 * @param layout - the network
 * @returns one job per organization: its nodes' operations endpoints, with its admin's TLS client files
 */
export function scrapeJobs(layout: Layout): ScrapeJob[] {
  const job = (
    name: string,
    tls: { ca: string; cert: string; key: string },
    nodes: readonly { name: string; machine: Machine; operationsPort: number; kind: string; organization: string }[],
  ): ScrapeJob => ({
    job_name: name,
    scheme: 'https',
    metrics_path: '/metrics',
    tls_config: { ca_file: tls.ca, cert_file: tls.cert, key_file: tls.key },
    static_configs: nodes.map((n) => ({
      targets: [address(n.machine.ip, n.operationsPort)],
      labels: { node: n.name, kind: n.kind, organization: n.organization },
    })),
  });
  const ordererJobs = layout.ordererOrgs.map((org) =>
    job(
      `orderers-${org.spec.org.toLowerCase()}`,
      { ca: org.tlsCa, cert: org.admin.tls.cert, key: org.admin.tls.key },
      layout.orderers.filter((o) => o.org === org).map((o) => ({ ...o, organization: org.spec.mspId })),
    ),
  );
  const peerJobs = layout.orgs.map((org) =>
    job(`peer-${org.department.key}`, { ca: org.tlsCa, cert: org.adminTls.cert, key: org.adminTls.key }, [
      { ...org.peer, organization: org.department.mspId },
    ]),
  );
  return [...ordererJobs, ...peerJobs];
}

/**
 * @param layout - the network
 * @returns prometheus.yml
 */
export function prometheusConfig(layout: Layout): string {
  const header = [
    `# Prometheus scrape configuration for the govchain network '${layout.topology.name}', written by network:up.`,
    "# /metrics takes a TLS client certificate from the node's own organization's TLS CA: each job presents",
    "# that organization's admin TLS certificate. The key files are secrets: keep Prometheus on this host.",
    '',
  ].join('\n');
  return header + stringify({ global: { scrape_interval: '15s' }, scrape_configs: scrapeJobs(layout) });
}

/** One panel: a title, what it shows, and the PromQL queries. */
interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly { readonly expr: string; readonly legend: string }[];
}

/** The dashboard's panels; every metric named here is one Fabric 3.1.5 peers or orderers export (tested). */
export const DASHBOARD_PANELS: readonly PanelSpec[] = [
  {
    title: 'Block height',
    description: 'Every node should show the same height; a node behind is catching up or cut off.',
    unit: 'none',
    queries: [{ expr: 'ledger_blockchain_height', legend: '{{node}}' }],
  },
  {
    title: 'Transactions committed per second, by validation code',
    description: 'VALID is what was written; any other code is a transaction the peers refused at validation.',
    unit: 'tps',
    queries: [{ expr: 'sum by (validation_code) (rate(ledger_transaction_count[1m]))', legend: '{{validation_code}}' }],
  },
  {
    title: 'Endorsements per second',
    description: 'Proposals each peer received, and those it endorsed.',
    unit: 'reqps',
    queries: [
      { expr: 'rate(endorser_proposals_received[1m])', legend: '{{node}} received' },
      { expr: 'rate(endorser_successful_proposals[1m])', legend: '{{node}} endorsed' },
    ],
  },
  {
    title: 'Proposal time (p95), by chaincode',
    description: 'How long each peer takes to answer a proposal, chaincode execution included.',
    unit: 's',
    queries: [
      {
        expr: 'histogram_quantile(0.95, sum by (le, node, chaincode) (rate(endorser_proposal_duration_bucket[5m])))',
        legend: '{{node}} {{chaincode}}',
      },
    ],
  },
  {
    title: 'Block commit time (p95)',
    description: 'Time each peer takes to validate and commit a block.',
    unit: 's',
    queries: [
      {
        expr: 'histogram_quantile(0.95, sum by (le, node) (rate(ledger_block_processing_time_bucket[5m])))',
        legend: '{{node}}',
      },
    ],
  },
  {
    title: 'Transactions ordered per second',
    description: 'Envelopes the orderers accepted through Broadcast, by status.',
    unit: 'tps',
    queries: [{ expr: 'sum by (node, status) (rate(broadcast_processed_count[1m]))', legend: '{{node}} {{status}}' }],
  },
  {
    title: 'Raft leader',
    description: '1 for the orderer that leads the channel (Raft networks); a change is a leader election.',
    unit: 'none',
    queries: [{ expr: 'consensus_etcdraft_is_leader', legend: '{{node}}' }],
  },
  {
    title: 'gRPC requests per second',
    description: 'Unary requests each node served, by service and code.',
    unit: 'reqps',
    queries: [
      {
        expr: 'sum by (node, code) (rate(grpc_server_unary_requests_completed[1m]))',
        legend: '{{node}} {{code}}',
      },
    ],
  },
];

/**
 * @param expr - a PromQL expression
 * @returns the metric names it reads (a histogram's `_bucket` series named by the histogram's name)
 */
export function metricsOf(expr: string): string[] {
  // Label lists (`by (…)`, `without (…)`) and matchers (`{…}`) name labels, not metrics: drop them first.
  const series = expr.replace(/\b(?:by|without)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '');
  const names = new Set<string>();
  for (const match of series.matchAll(/\b([a-z][a-z0-9_]*_[a-z0-9_]+)\b(?!\s*\()/g)) {
    names.add((match[1] ?? '').replace(/_bucket$/, ''));
  }
  return [...names].sort();
}

/**
 * @param layout - the network
 * @returns the Grafana dashboard (JSON model, schema version 39), its data source an import input
 */
export function grafanaDashboard(layout: Layout): unknown {
  const datasource = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
  return {
    __inputs: [
      {
        name: 'DS_PROMETHEUS',
        label: 'Prometheus',
        description: 'The Prometheus that scrapes the network (monitoring/prometheus.yml)',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    title: `govchain — ${layout.topology.name} network (${layout.topology.channel})`,
    uid: `govchain-${layout.topology.name}`,
    tags: ['govchain', 'hyperledger-fabric'],
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    panels: DASHBOARD_PANELS.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      description: panel.description,
      datasource,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true } },
      targets: panel.queries.map((q, j) => ({
        refId: String.fromCharCode(65 + j),
        datasource,
        expr: q.expr,
        legendFormat: q.legend,
      })),
    })),
  };
}

/**
 * Writes `<home>/monitoring/prometheus.yml` and `grafana-dashboard.json`.
 *
 * @param layout - the network
 * @returns the two files' paths
 */
export function writeMonitoring(layout: Layout): { prometheus: string; dashboard: string } {
  const dir = path.join(layout.paths.home, 'monitoring');
  mkdirSync(dir, { recursive: true });
  const prometheus = path.join(dir, 'prometheus.yml');
  const dashboard = path.join(dir, 'grafana-dashboard.json');
  writeFileSync(prometheus, prometheusConfig(layout));
  writeFileSync(dashboard, `${JSON.stringify(grafanaDashboard(layout), null, 2)}\n`);
  return { prometheus, dashboard };
}
