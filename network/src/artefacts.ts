import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { tool, type Fabric } from './fabric';
import { address, CHAINCODE_TLS_HOST, sansOf, type Layout } from './layout';
import { run } from './procs';

/**
 * cryptogen's input: one orderer org per ordering organization, one peer org per department, NodeOUs on,
 * loopback SANs. Each department also gets a TLS server certificate for its chaincode servers (node
 * `chaincode.<domain>`; its MSP folder is unused: chaincode servers sign nothing).
 */
export function cryptoConfig(layout: Layout): unknown {
  return {
    OrdererOrgs: layout.ordererOrgs.map((org) => ({
      Name: org.spec.org,
      Domain: org.domain,
      EnableNodeOUs: true,
      Specs: layout.orderers
        .filter((o) => o.org === org)
        .map((o) => ({ Hostname: o.host.slice(0, -org.domain.length - 1), SANS: sansOf(o.machine) })),
    })),
    PeerOrgs: layout.orgs.map((org) => ({
      Name: org.department.org,
      Domain: org.domain,
      EnableNodeOUs: true,
      Template: { Count: 1, SANS: sansOf(org.machine) },
      Specs: [{ Hostname: CHAINCODE_TLS_HOST, SANS: sansOf(org.machine) }],
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

/** The roles that satisfy a department's `Readers` policy, and the channel's Application `Readers`. */
export const READER_ROLES = ['admin', 'peer', 'client'] as const;
/** The roles that satisfy a department's `Writers` policy, and the channel's Application `Writers`. */
export const WRITER_ROLES = ['admin', 'client'] as const;

/** A role of an MSP principal as policies name it. */
export type PrincipalRole = (typeof READER_ROLES)[number];

/**
 * @param mspIds - MSP ids of the organizations
 * @param roles - roles of each organization that satisfy the rule
 * @returns a signature rule satisfied by one signature of any of those roles of any of those organizations,
 *   e.g. `OR('A.admin', 'A.client', 'B.admin', 'B.client')`
 */
export function anyMemberRule(mspIds: readonly string[], roles: readonly PrincipalRole[]): string {
  return `OR(${mspIds.flatMap((m) => roles.map((r) => `'${m}.${r}'`)).join(', ')})`;
}

/**
 * Capabilities of a Fabric 3 channel. Fabric v3.1.5 defines V3_0 for the channel group only
 * (common/capabilities: the orderer group's newest is V2_0, the application group's V2_5); a V3_0 in
 * those groups is "required but not supported", and an orderer refuses to join such a channel. Channel
 * V3_0 is what Fabric 3 needs: it rules out global OrdererAddresses and allows SmartBFT.
 */
export const CAPABILITIES = {
  channel: { V3_0: true },
  orderer: { V2_0: true },
  application: { V2_5: true },
} as const;

/**
 * Raft options: Fabric's defaults. The 1 MB snapshot interval and 8 MB Raft batches that worked around
 * Fabric 2.5.0's replay deadlock are gone: in v3.1.5 the Raft node goroutine syncs the WAL itself
 * before it hands committed entries to the chain (orderer/consensus/etcdraft/node.go maybeSyncWAL), so
 * the chain no longer waits on the node while the node waits on the chain, and restarts with a log
 * replayed in several batches come back (docs/performance.md).
 */
function etcdRaft(layout: Layout): unknown {
  return {
    Consenters: layout.orderers.map((o) => ({
      Host: o.machine.ip,
      Port: o.port,
      ClientTLSCert: o.tls.cert,
      ServerTLSCert: o.tls.cert,
    })),
    Options: {
      TickInterval: '500ms',
      ElectionTick: 10,
      HeartbeatTick: 1,
      MaxInflightBlocks: 5,
      SnapshotIntervalSize: '16 MB',
    },
  };
}

/**
 * SmartBFT options. Blocks are cut at MaxMessageCount transactions or after the topology's batch
 * timeout (Fabric sets RequestBatchMaxCount and RequestBatchMaxBytes from BatchSize itself). A follower
 * forwards a request the leader has not ordered after 2 s and complains after 20 s; a quorum of
 * complaints changes the view (and so the leader). Leader heartbeats every 3 s, and 30 s without one
 * also starts a view change, so a stopped leader is replaced even when nothing is submitted. A
 * restarted orderer syncs with the others before it takes part (SyncOnStart). Leader rotation stays
 * off: Fabric v3.1.5 refuses it.
 */
function smartBft(layout: Layout): unknown {
  const t = layout.topology;
  return {
    RequestBatchMaxCount: t.orderer.maxMessageCount,
    RequestBatchMaxBytes: ABSOLUTE_MAX_BYTES,
    RequestBatchMaxInterval: t.orderer.batchTimeout,
    IncomingMessageBufferSize: 200,
    RequestPoolSize: 100_000,
    RequestForwardTimeout: '2s',
    RequestComplainTimeout: '20s',
    RequestAutoRemoveTimeout: '3m0s',
    ViewChangeResendInterval: '5s',
    ViewChangeTimeout: '20s',
    LeaderHeartbeatTimeout: '30s',
    LeaderHeartbeatCount: 10,
    CollectTimeout: '1s',
    SyncOnStart: true,
    SpeedUpViewChange: false,
  };
}

/** Fabric's default maximum block size (10 MB), well under gRPC's 100 MB message limit. */
const ABSOLUTE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Every consenter of a BFT channel: its id, endpoint, organization, enrollment certificate (what it
 * signs blocks with) and TLS certificates (what the other orderers pin).
 */
function consenterMapping(layout: Layout): unknown[] {
  return layout.orderers.map((o) => ({
    ID: o.consenterId,
    Host: o.machine.ip,
    Port: o.port,
    MSPID: o.org.spec.mspId,
    Identity: o.signCert,
    ClientTLSCert: o.tls.cert,
    ServerTLSCert: o.tls.cert,
  }));
}

/** configtxgen's input: one profile for the application channel, joined through channel participation. */
export function configtx(layout: Layout): unknown {
  const t = layout.topology;
  const ordererOrgs = layout.ordererOrgs.map((org) => {
    const m = org.spec.mspId;
    return {
      Name: m,
      ID: m,
      MSPDir: org.msp,
      Policies: {
        Readers: signature(`OR('${m}.member')`),
        Writers: signature(`OR('${m}.member')`),
        Admins: signature(`OR('${m}.admin')`),
      },
      // Fabric 3 has no global orderer addresses: each organization lists its own orderers, and peers
      // and clients reach each orderer with that organization's TLS CA.
      OrdererEndpoints: layout.orderers.filter((o) => o.org === org).map((o) => address(o.machine.ip, o.port)),
    };
  });
  const orgs = layout.orgs.map((org) => {
    const m = org.department.mspId;
    return {
      Name: m,
      ID: m,
      MSPDir: org.msp,
      Policies: {
        Readers: signature(anyMemberRule([m], READER_ROLES)),
        Writers: signature(anyMemberRule([m], WRITER_ROLES)),
        Admins: signature(`OR('${m}.admin')`),
        Endorsement: signature(`OR('${m}.peer')`),
      },
      AnchorPeers: [{ Host: org.machine.ip, Port: org.peer.port }],
    };
  });
  const bft = t.consensus === 'bft';
  const departments = orgs.map((o) => o.ID);
  return {
    Organizations: [...ordererOrgs, ...orgs],
    Profiles: {
      GovChannel: {
        Policies: {
          Readers: implicit('ANY Readers'),
          Writers: implicit('ANY Writers'),
          Admins: implicit('MAJORITY Admins'),
        },
        Capabilities: CAPABILITIES.channel,
        Orderer: {
          ...(bft
            ? { OrdererType: 'BFT', SmartBFT: smartBft(layout), ConsenterMapping: consenterMapping(layout) }
            : { OrdererType: 'etcdraft', EtcdRaft: etcdRaft(layout) }),
          BatchTimeout: t.orderer.batchTimeout,
          BatchSize: {
            MaxMessageCount: t.orderer.maxMessageCount,
            AbsoluteMaxBytes: '10 MB',
            PreferredMaxBytes: '2 MB',
          },
          Organizations: ordererOrgs,
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            // With several ordering organizations, a majority of them changes the orderer group.
            Admins: implicit('MAJORITY Admins'),
            // Raft: a block signed by any orderer. BFT: configtxgen replaces this with a signature policy
            // over the consenters' identities, a quorum of 2f + 1 of 3f + 1 (3 of 4)
            // (common/policies/bft.go EncodeBFTBlockVerificationPolicy); it must still be present.
            BlockValidation: implicit('ANY Writers'),
          },
          Capabilities: CAPABILITIES.orderer,
        },
        Application: {
          Organizations: orgs,
          Policies: {
            // The same principals as `ANY Readers` / `ANY Writers` over the departments, as one signature
            // policy: Fabric evaluates an implicit ANY by evaluating each department's policy in turn, and
            // each evaluation verifies the signature again (common/policies/implicitmeta.go,
            // SignatureSetToValidIdentities) — about N/2 ECDSA verifications for every gossip message
            // and transaction checked against it, per peer. A signature policy verifies once. The
            // membership commands rewrite both with the departments (channel-config.ts).
            Readers: signature(anyMemberRule(departments, READER_ROLES)),
            Writers: signature(anyMemberRule(departments, WRITER_ROLES)),
            Admins: implicit('MAJORITY Admins'),
            LifecycleEndorsement: implicit('MAJORITY Endorsement'),
            Endorsement: implicit('MAJORITY Endorsement'),
          },
          Capabilities: CAPABILITIES.application,
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
  const file = path.join(p.config, 'crypto-config.yaml');
  if (layout.memberServices === 'ca') {
    // The organizations' CAs have enrolled every identity (ca.ts): cryptogen does not run at all.
  } else if (!existsSync(path.join(p.crypto, 'peerOrganizations'))) {
    log('generating crypto material (cryptogen)');
    writeFileSync(file, stringify(cryptoConfig(layout)));
    await run(tool(fabric, 'cryptogen'), ['generate', `--config=${file}`, `--output=${p.crypto}`]);
  } else if (layout.orgs.some((org) => !existsSync(org.chaincodeTls.key))) {
    // A department added to the running network, or a network made before chaincode servers had TLS:
    // add what is missing, keeping every other key.
    log('adding missing organizations and chaincode server certificates (cryptogen extend)');
    writeFileSync(file, stringify(cryptoConfig(layout)));
    await run(tool(fabric, 'cryptogen'), ['extend', `--config=${file}`, `--input=${p.crypto}`]);
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
