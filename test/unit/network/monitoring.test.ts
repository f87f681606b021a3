import { expect } from 'chai';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  DASHBOARD_PANELS,
  grafanaDashboard,
  layoutFor,
  loadTopology,
  metricsOf,
  pathsFor,
  prometheusConfig,
  scrapeJobs,
} from '@govchain/network';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const layout = layoutFor(loadTopology(ROOT, 'default'), pathsFor(ROOT, '/tmp/govchain-unit-monitoring'));

describe('network:up monitoring files', function () {
  it("scrapes every node, each organization's with its own admin TLS client certificate", function () {
    const jobs = scrapeJobs(layout);
    expect(jobs.map((job) => job.job_name)).to.deep.equal([
      'orderers-infocenter',
      ...layout.orgs.map((org) => `peer-${org.department.key}`),
    ]);
    const targets = jobs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets).to.have.members([
      ...layout.orderers.map((o) => `127.0.0.1:${o.operationsPort}`),
      ...layout.orgs.map((org) => `127.0.0.1:${org.peer.operationsPort}`),
    ]);
    const tax = layout.orgs.find((org) => org.department.key === 'tax');
    expect(jobs.find((job) => job.job_name === 'peer-tax')?.tls_config).to.deep.equal({
      ca_file: tax?.tlsCa,
      cert_file: tax?.adminTls.cert,
      key_file: tax?.adminTls.key,
    });
  });

  it('writes a prometheus.yml that parses, with the jobs and a comment on the key files', function () {
    const text = prometheusConfig(layout);
    expect(text).to.match(/^# Prometheus scrape configuration/);
    expect(text).to.include('The key files are secrets');
    const config = parse(text) as { scrape_configs: { job_name: string; scheme: string }[] };
    expect(config.scrape_configs.map((job) => job.job_name)).to.deep.equal(scrapeJobs(layout).map((j) => j.job_name));
    expect(config.scrape_configs.every((job) => job.scheme === 'https')).to.equal(true);
  });

  it('writes a dashboard with one panel per spec, laid out two abreast, on an imported data source', function () {
    const dashboard = grafanaDashboard(layout) as {
      __inputs: { name: string }[];
      panels: {
        id: number;
        gridPos: { x: number; y: number };
        targets: { expr: string; datasource: { uid: string } }[];
      }[];
    };
    expect(dashboard.__inputs.map((input) => input.name)).to.deep.equal(['DS_PROMETHEUS']);
    expect(dashboard.panels).to.have.length(DASHBOARD_PANELS.length);
    expect(dashboard.panels.map((p) => p.id)).to.deep.equal(DASHBOARD_PANELS.map((_, i) => i + 1));
    expect(dashboard.panels[3]?.gridPos).to.deep.equal({ h: 8, w: 12, x: 12, y: 8 });
    for (const panel of dashboard.panels) {
      expect(panel.targets).to.not.be.empty;
      for (const target of panel.targets) expect(target.datasource.uid).to.equal('${DS_PROMETHEUS}');
    }
  });

  it('names the metrics a query reads, not its functions or labels', function () {
    expect(
      metricsOf('histogram_quantile(0.95, sum by (le, node) (rate(ledger_block_processing_time_bucket[5m])))'),
    ).to.deep.equal(['ledger_block_processing_time']);
    expect(metricsOf('sum by (validation_code) (rate(ledger_transaction_count[1m]))')).to.deep.equal([
      'ledger_transaction_count',
    ]);
    expect(
      metricsOf('sum without (chaincode_name) (rate(endorser_proposals_received{channel_name="x"}[1m]))'),
    ).to.deep.equal(['endorser_proposals_received']);
  });
});
