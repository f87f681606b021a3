import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { address, type Layout, type OrgLayout } from './layout';

/** The connection profile a department system reads (gateway-client's ProfileJson). */
export interface ConnectionProfile {
  readonly department: string;
  readonly name: string;
  readonly mspId: string;
  readonly channel: string;
  readonly peer: { readonly endpoint: string; readonly hostAlias: string; readonly tlsCACertPath: string };
  readonly identities: {
    readonly admin: { readonly certPath: string; readonly keyPath: string };
    readonly user: { readonly certPath: string; readonly keyPath: string };
  };
  readonly chaincodes: Readonly<Record<string, string>>;
}

export function profileFor(layout: Layout, org: OrgLayout): ConnectionProfile {
  return {
    department: org.department.key,
    name: org.department.name,
    mspId: org.department.mspId,
    channel: layout.topology.channel,
    peer: { endpoint: address(org.peer.port), hostAlias: org.peer.host, tlsCACertPath: org.tlsCa },
    identities: {
      admin: { certPath: org.admin.cert, keyPath: org.admin.key },
      user: { certPath: org.user.cert, keyPath: org.user.key },
    },
    chaincodes: Object.fromEntries(layout.topology.chaincodes.map((c) => [c.name, c.name])),
  };
}

/** Writes one profile per department to <home>/profiles/<department>.json. */
export function writeProfiles(layout: Layout): string[] {
  mkdirSync(layout.paths.profiles, { recursive: true });
  return layout.orgs.map((org) => {
    const file = path.join(layout.paths.profiles, `${org.department.key}.json`);
    writeFileSync(file, `${JSON.stringify(profileFor(layout, org), null, 2)}\n`);
    return file;
  });
}
