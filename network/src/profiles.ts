import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PlainOf, ProfileDocument } from '@govchain/protocol';
import { address, type Layout, type OrgLayout } from './layout';
import { clerkRolesOf } from './topology';

/** The connection profile a department system reads: `ProfileDocument`, defined once in `@govchain/protocol`. */
export type ConnectionProfile = PlainOf<ProfileDocument>;

export function profileFor(layout: Layout, org: OrgLayout): ConnectionProfile {
  return {
    department: org.department.key,
    name: org.department.name,
    mspId: org.department.mspId,
    channel: layout.topology.channel,
    peer: { endpoint: address(org.machine.ip, org.peer.port), hostAlias: org.peer.host, tlsCACertPath: org.tlsCa },
    identities: {
      admin: { certPath: org.admin.cert, keyPath: org.admin.key },
      user: { certPath: org.user.cert, keyPath: org.user.key },
    },
    chaincodes: Object.fromEntries(layout.topology.chaincodes.map((c) => [c.name, c.name])),
    ...memberServicesOf(layout, org),
  };
}

/** The department's CA (memberServices `ca`): where its registrar enrols clerks, and the roles it may give. */
function memberServicesOf(layout: Layout, org: OrgLayout): Pick<ConnectionProfile, 'memberServices'> {
  const ca = layout.cas.find((c) => c.mspId === org.department.mspId);
  if (!ca) return {};
  return {
    memberServices: {
      url: `https://${address(ca.machine.ip, ca.port)}`,
      caName: ca.caName,
      tlsCACertPath: ca.caCert,
      clerkRoles: [...clerkRolesOf(org.department)],
    },
  };
}

/** A node entry of a common connection profile: its URL, the TLS CA that signed its certificate, its TLS name. */
interface CcpNode {
  readonly url: string;
  readonly tlsCACerts: { readonly pem: string };
  readonly grpcOptions: { readonly 'ssl-target-name-override': string; readonly hostnameOverride: string };
}

/** What a peer does for the profile's client on the channel (the common connection profile's peer roles). */
interface CcpPeerRoles {
  readonly endorsingPeer: boolean;
  readonly chaincodeQuery: boolean;
  readonly ledgerQuery: boolean;
  readonly eventSource: boolean;
  readonly discover: boolean;
}

/**
 * Hyperledger Fabric's common connection profile (version 1.0.0), the format Caliper, Hyperledger Explorer and
 * the Fabric SDKs read. One per department: `client.organization` is that department; every organization,
 * peer and orderer of the channel is listed so a client without service discovery can still reach every
 * endorser, and the department's own peer is the only one it queries and takes events from. TLS CA
 * certificates are embedded, so the file can be handed to a department system on another machine.
 * With memberServices `ca`, each organization names its identity CA in `certificateAuthorities` and the
 * top-level `certificateAuthorities` gives its URL, name and the certificate its TLS chains to; with
 * cryptogen both are empty.
 */
export interface CommonConnectionProfile {
  readonly name: string;
  readonly version: '1.0.0';
  readonly client: {
    readonly organization: string;
    readonly connection: {
      readonly timeout: { readonly peer: { readonly endorser: string }; readonly orderer: string };
    };
  };
  readonly channels: Readonly<
    Record<string, { readonly orderers: readonly string[]; readonly peers: Readonly<Record<string, CcpPeerRoles>> }>
  >;
  readonly organizations: Readonly<
    Record<
      string,
      { readonly mspid: string; readonly peers: readonly string[]; readonly certificateAuthorities: readonly string[] }
    >
  >;
  readonly orderers: Readonly<Record<string, CcpNode>>;
  readonly peers: Readonly<Record<string, CcpNode>>;
  readonly certificateAuthorities: Readonly<Record<string, CcpCa>>;
}

/** A Fabric CA of a common connection profile: its URL, CA name and the certificate its server's TLS chains to. */
interface CcpCa {
  readonly url: string;
  readonly caName: string;
  readonly tlsCACerts: { readonly pem: readonly string[] };
  readonly httpOptions: { readonly verify: boolean };
}

export function commonConnectionProfile(
  layout: Layout,
  org: OrgLayout,
  readPem: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): CommonConnectionProfile {
  const node = (host: string, endpoint: string, tlsCa: string): CcpNode => ({
    url: `grpcs://${endpoint}`,
    tlsCACerts: { pem: readPem(tlsCa) },
    grpcOptions: { 'ssl-target-name-override': host, hostnameOverride: host },
  });
  const roles = (own: boolean): CcpPeerRoles => ({
    endorsingPeer: true,
    chaincodeQuery: own,
    ledgerQuery: own,
    eventSource: own,
    discover: own,
  });
  const cas = layout.cas.filter((ca) => ca.orgKind === 'peer');
  return {
    name: `govchain-${org.department.key}`,
    version: '1.0.0',
    client: {
      organization: org.department.org,
      connection: { timeout: { peer: { endorser: '300' }, orderer: '300' } },
    },
    channels: {
      [layout.topology.channel]: {
        orderers: layout.orderers.map((o) => o.host),
        peers: Object.fromEntries(layout.orgs.map((o) => [o.peer.host, roles(o === org)])),
      },
    },
    organizations: Object.fromEntries(
      layout.orgs.map((o) => [
        o.department.org,
        {
          mspid: o.department.mspId,
          peers: [o.peer.host],
          certificateAuthorities: cas.filter((ca) => ca.mspId === o.department.mspId).map((ca) => ca.caName),
        },
      ]),
    ),
    orderers: Object.fromEntries(
      layout.orderers.map((o) => [o.host, node(o.host, address(o.machine.ip, o.port), o.org.tlsCa)]),
    ),
    peers: Object.fromEntries(
      layout.orgs.map((o) => [o.peer.host, node(o.peer.host, address(o.machine.ip, o.peer.port), o.tlsCa)]),
    ),
    certificateAuthorities: Object.fromEntries(
      cas.map((ca) => [
        ca.caName,
        {
          url: `https://${address(ca.machine.ip, ca.port)}`,
          caName: ca.caName,
          tlsCACerts: { pem: [readPem(ca.caCert)] },
          httpOptions: { verify: true },
        },
      ]),
    ),
  };
}

/**
 * Writes, per department, govchain's own profile to <home>/profiles/<department>.json and the common connection
 * profile to <home>/profiles/ccp/<department>.json. Returns the files of govchain's own profiles.
 */
export function writeProfiles(layout: Layout): string[] {
  mkdirSync(path.join(layout.paths.profiles, 'ccp'), { recursive: true });
  return layout.orgs.map((org) => {
    const file = path.join(layout.paths.profiles, `${org.department.key}.json`);
    writeFileSync(file, `${JSON.stringify(profileFor(layout, org), null, 2)}\n`);
    const ccp = commonConnectionProfile(layout, org);
    writeFileSync(commonConnectionProfileFile(layout, org), `${JSON.stringify(ccp, null, 2)}\n`);
    return file;
  });
}

/** Where writeProfiles puts a department's common connection profile. */
export function commonConnectionProfileFile(layout: Layout, org: OrgLayout): string {
  return path.join(layout.paths.profiles, 'ccp', `${org.department.key}.json`);
}
