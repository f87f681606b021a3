import * as path from 'node:path';
import {
  ChaincodeError,
  connectDepartment,
  eLicenseClient,
  isGovchainError,
  loadProfile,
  type GovchainConnection,
} from '@govchain/gateway-client';
import { departmentRegistrar } from '@govchain/gateway-client/dist/identities';
import { publishDepartmentCrl } from '@govchain/network';
import { pollUntil } from '@govchain/protocol';
import { document, RUN, type Departments } from './context';
import type { Narrator } from './narrator';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DEPARTMENT = 'market-regulation';

/** Why a call was refused, in a few words: the code, or the peer's reason. */
function refusal(err: unknown): string {
  if (err instanceof ChaincodeError) return err.code;
  if (isGovchainError(err)) return `${err.code}${/access denied/i.test(err.message) ? ': access denied' : ''}`;
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

/**
 * Market Regulation's registrar enrols a clerk with the issuer role; the clerk issues a licence; the clerk
 * leaves, is revoked at the department's CA and the department publishes its CRL to the channel; from then on
 * every peer refuses the clerk. Skipped on a network whose identities come from cryptogen (no CA, no clerks).
 */
export async function clerkChapter(narrator: Narrator, departments: Departments): Promise<void> {
  narrator.chapter(
    'A clerk with a role, and a leaver whose access ends',
    "Each department's CA enrols its people with roles that every endorser checks; a revoked clerk is shut out once its department's CRL is on the channel.",
  );
  const profile = await loadProfile(DEPARTMENT);
  if (profile.memberServices === undefined) {
    narrator.note('this network was made with cryptogen: no CA, no clerks (GOVCHAIN_MEMBER_SERVICES=cryptogen)');
    return;
  }
  const market = await departments.get(DEPARTMENT);
  const registrar = await departmentRegistrar(profile);
  const clerk = `clerk-zhou-${RUN.toLowerCase()}`;
  await narrator.step(market.name, `registers ${clerk} as an issuer and enrols the clerk into its wallet`, async () => {
    const { secret } = await registrar.register(clerk, ['issuer']);
    const { roles } = await registrar.enrol(clerk, secret);
    return `certificate carries govchain.role=${roles.join(',')}`;
  });

  let connection: GovchainConnection | undefined;
  try {
    connection = await connectDepartment({ department: DEPARTMENT, identity: { clerk } });
    await connection.waitForReady(10_000);
    const issuer = eLicenseClient(connection);
    const issue = (suffix: string): Promise<{ blockNumber: bigint }> => {
      const id = `BL-${RUN}-${suffix}`;
      return issuer.issueLicense({
        id,
        type: 'BUSINESS_LICENCE',
        fingerprint: document(`Business licence ${id}\nXinhe Software Co., Ltd.\n`).fingerprint,
        metadata: {
          enterpriseName: `Xinhe Software Co., Ltd. (${suffix})`,
          unifiedSocialCreditCode: '91320100MA1XH0QK32',
          businessScope: 'software development',
          registeredCapital: '1000000',
        },
        holder: { idNumber: '320102199002020021', name: 'Demo Founder' },
      });
    };
    await narrator.step(
      clerk,
      `issues business licence BL-${RUN}-Z1 within the issuer role`,
      async () => {
        await departments.sync((await issue('Z1')).blockNumber);
        return 'ACTIVE';
      },
      { transactions: 1 },
    );
    await narrator.step(market.name, `revokes ${clerk} at its CA: the clerk has left`, async () => {
      await registrar.revoke(clerk, 'cessationofoperation');
      return 'on the CA’s CRL (the peers do not know yet)';
    });
    await narrator.step(
      market.name,
      'publishes its CRL into its MSP on the channel (a config update signed by its Admin)',
      async () => {
        await publishDepartmentCrl(ROOT, DEPARTMENT, undefined, () => undefined);
        // Each peer applies the configuration block when it commits it: wait until ours refuses a read.
        const refused = await pollUntil(
          () =>
            issuer.getLicense(`BL-${RUN}-Z1`).then(
              () => undefined,
              (err: unknown) => err,
            ),
          { timeoutMs: 30_000, intervalMs: 500 },
        );
        if (refused === undefined) throw new Error(`${DEPARTMENT}'s peer still serves ${clerk} 30 s after the update`);
        return `the clerk's read is now ${refusal(refused)}`;
      },
      { transactions: 1 },
    );
    await narrator.step(clerk, `tries to issue BL-${RUN}-Z2`, async () => {
      const refused = await issue('Z2').then(
        () => undefined,
        (err: unknown) => err,
      );
      if (refused === undefined) throw new Error(`the peers accepted the revoked clerk ${clerk}`);
      return `refused (${refusal(refused)})`;
    });
  } finally {
    connection?.close();
  }
}
