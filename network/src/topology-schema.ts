/**
 * The published JSON Schema of topology files, generated from {@link TopologyDocument}'s decorators so it
 * cannot drift from what `network:up` accepts: editors and CI checks of other repositories can validate a
 * topology without running our code. `npm run schema:topology` rewrites `network/topology.schema.json`; a
 * unit test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { documentSchema } from '@govchain/protocol/schema';
import './topology-document';

/** Where the schema is published, relative to the repository root. */
export const TOPOLOGY_SCHEMA_FILE = path.join('network', 'topology.schema.json');

/** @returns the JSON Schema (draft 2020-12) of a topology file */
export function topologySchema(): Record<string, unknown> {
  return documentSchema('TopologyDocument', {
    $id: 'urn:govchain:topology',
    title: 'govchain network topology',
    description:
      'Departments, orderers, channel and chaincodes of a govchain network (network/topologies/*.yaml). ' +
      'network:up also checks what one member cannot say alone: unique names, references between sections, the port layout.',
  });
}

/**
 * Writes the schema beside the topologies.
 *
 * @param root - the repository root
 * @returns the file written
 */
export function writeTopologySchema(root: string): string {
  const file = path.join(root, TOPOLOGY_SCHEMA_FILE);
  writeFileSync(file, `${JSON.stringify(topologySchema(), null, 2)}\n`);
  return file;
}
