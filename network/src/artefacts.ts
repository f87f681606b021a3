import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { tool, type Fabric } from './fabric';
import type { Layout } from './layout';
import { run } from './procs';

const SANS = ['localhost', '127.0.0.1'];

/** cryptogen's input: the orderer org and one peer org per department, NodeOUs on, loopback SANs. */
export function cryptoConfig(layout: Layout): unknown {
  const t = layout.topology;
  return {
    OrdererOrgs: [
      {
        Name: t.orderer.org,
        Domain: layout.ordererDomain,
        EnableNodeOUs: true,
        Specs: layout.orderers.map((o) => ({ Hostname: o.host.split('.')[0], SANS })),
      },
    ],
    PeerOrgs: layout.orgs.map((org) => ({
      Name: org.department.org,
      Domain: org.domain,
      EnableNodeOUs: true,
      Template: { Count: 1, SANS },
      Users: { Count: 1 },
    })),
  };
}

function signature(rule: string): { Type: string; Rule: string } {
  return { Type: 'Signature', Rule: rule };
}

function implicit(rule: string): { Type: string; Rule: string } {
  return { Type: 'ImplicitMeta', Rule: rule };
}

/** configtxgen's input: one profile for the application channel, joined through channel participation. */
export function configtx(layout: Layout): unknown {
  const t = layout.topology;
  const ordererOrg = {
    Name: t.orderer.mspId,
    ID: t.orderer.mspId,
    MSPDir: layout.ordererMsp,
    Policies: {
      Readers: signature(`OR('${t.orderer.mspId}.member')`),
      Writers: signature(`OR('${t.orderer.mspId}.member')`),
      Admins: signature(`OR('${t.orderer.mspId}.admin')`),
    },
    OrdererEndpoints: layout.orderers.map((o) => `127.0.0.1:${o.port}`),
  };
  const orgs = layout.orgs.map((org) => {
    const m = org.department.mspId;
    return {
      Name: m,
      ID: m,
      MSPDir: org.msp,
      Policies: {
        Readers: signature(`OR('${m}.admin', '${m}.peer', '${m}.client')`),
        Writers: signature(`OR('${m}.admin', '${m}.client')`),
        Admins: signature(`OR('${m}.admin')`),
        Endorsement: signature(`OR('${m}.peer')`),
      },
      AnchorPeers: [{ Host: '127.0.0.1', Port: org.peer.port }],
    };
  });
  return {
    Organizations: [ordererOrg, ...orgs],
    Profiles: {
      GovChannel: {
        Policies: {
          Readers: implicit('ANY Readers'),
          Writers: implicit('ANY Writers'),
          Admins: implicit('MAJORITY Admins'),
        },
        Capabilities: { V2_0: true },
        Orderer: {
          OrdererType: 'etcdraft',
          EtcdRaft: {
            Consenters: layout.orderers.map((o) => ({
              Host: '127.0.0.1',
              Port: o.port,
              ClientTLSCert: o.tls.cert,
              ServerTLSCert: o.tls.cert,
            })),
            Options: {
              TickInterval: '500ms',
              ElectionTick: 10,
              HeartbeatTick: 1,
              MaxInflightBlocks: 5,
              // A snapshot every MB of blocks, and Raft batches (MaxSizePerMsg = PreferredMaxBytes) large
              // enough that a restarting orderer replays the log from genesis up to the first snapshot in
              // one batch: Fabric 2.5.0 can deadlock when that replay, which holds the cluster's
              // configuration changes, is split (see raft.ts). Blocks stay small (at most
              // MaxMessageCount transactions), so 8 MB is never reached in practice.
              SnapshotIntervalSize: '1 MB',
            },
          },
          BatchTimeout: t.orderer.batchTimeout,
          BatchSize: {
            MaxMessageCount: t.orderer.maxMessageCount,
            AbsoluteMaxBytes: '99 MB',
            PreferredMaxBytes: '8 MB',
          },
          Organizations: [ordererOrg],
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            BlockValidation: implicit('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: orgs,
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            LifecycleEndorsement: implicit('MAJORITY Endorsement'),
            Endorsement: implicit('MAJORITY Endorsement'),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

/**
 * Generates what the network needs before any node starts, skipping what exists:
 * crypto material, node config files, and the channel's genesis block.
 */
export async function generateArtefacts(fabric: Fabric, layout: Layout, log: (line: string) => void): Promise<void> {
  const p = layout.paths;
  mkdirSync(p.config, { recursive: true });
  for (const [dir, file] of [
    ['peer', 'core.yaml'],
    ['orderer', 'orderer.yaml'],
  ] as const) {
    const target = path.join(p.config, dir, file);
    if (!existsSync(target)) {
      mkdirSync(path.dirname(target), { recursive: true });
      let text = readFileSync(path.join(fabric.sampleConfig, file), 'utf8');
      // No Docker: an empty vm.endpoint keeps the peer from registering its Docker health check.
      // (An empty CORE_VM_ENDPOINT would not do: the config loader ignores empty variables.)
      if (file === 'core.yaml') text = text.replace(/^(\s*endpoint:\s*)unix:\/\/\/var\/run\/docker\.sock\s*$/m, '$1""');
      writeFileSync(target, text);
    }
  }
  if (!existsSync(path.join(p.crypto, 'peerOrganizations'))) {
    log('generating crypto material (cryptogen)');
    const file = path.join(p.config, 'crypto-config.yaml');
    writeFileSync(file, stringify(cryptoConfig(layout)));
    await run(tool(fabric, 'cryptogen'), ['generate', `--config=${file}`, `--output=${p.crypto}`]);
  }
  if (!existsSync(p.channelBlock)) {
    log(`creating the genesis block of ${layout.topology.channel} (configtxgen)`);
    const dir = path.join(p.config, 'configtx');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'configtx.yaml'), stringify(configtx(layout)));
    mkdirSync(path.dirname(p.channelBlock), { recursive: true });
    await run(
      tool(fabric, 'configtxgen'),
      [
        '-profile',
        'GovChannel',
        '-outputBlock',
        p.channelBlock,
        '-channelID',
        layout.topology.channel,
        '-configPath',
        dir,
      ],
      { env: { ...process.env, FABRIC_CFG_PATH: dir } },
    );
  }
}
