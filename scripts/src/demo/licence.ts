import { evaluate, submit } from '@govchain/gateway-client';
import { document, RUN, type Departments } from './context';
import type { Narrator } from './narrator';

interface Verification {
  readonly result: string;
}

function resultOf(value: unknown): string {
  return typeof value === 'object' && value !== null && typeof (value as Verification).result === 'string'
    ? (value as Verification).result
    : 'unreadable answer';
}

/** Market Regulation issues a business licence; Tax verifies the document it is shown, and a tampered copy. */
export async function licenceChapter(narrator: Narrator, departments: Departments): Promise<void> {
  narrator.chapter(
    'A business licence, issued once and verified anywhere',
    'The original stays with Market Regulation; the ledger holds its fingerprint, status and validity.',
  );
  const market = await departments.get('market-regulation');
  const tax = await departments.get('tax');
  const id = `BL-${RUN}`;
  const original = document(
    `Business licence ${id}\nLianhua Trading Co., Ltd.\nUnified social credit code 91310000MA1FL8XQ3X\nScope: wholesale of daily goods\n`,
  );
  const tampered = document(original.bytes.toString('utf8').replace('daily goods', 'pharmaceuticals'));
  const eLicense = (c: typeof market): ReturnType<typeof c.connection.getContract> =>
    c.connection.getContract('e-license');

  await narrator.step(
    market.name,
    `issues business licence ${id} to Lianhua Trading Co., Ltd. (the legal representative's ID number travels only as transient data)`,
    async () => {
      await submit(eLicense(market), 'IssueLicense', {
        arguments: [
          JSON.stringify({
            id,
            type: 'BUSINESS_LICENCE',
            fingerprint: original.fingerprint,
            metadata: {
              enterpriseName: 'Lianhua Trading Co., Ltd.',
              unifiedSocialCreditCode: '91310000MA1FL8XQ3X',
              businessScope: 'wholesale of daily goods',
              registeredCapital: '5000000',
            },
          }),
        ],
        transientData: { idNumber: '110101198001010037', name: 'Demo Representative' },
        endorsingOrganizations: [market.connection.mspId, 'PublicSecurityMSP'],
      });
      return `fingerprint ${original.fingerprint.slice(0, 16)}…`;
    },
    { transactions: 1 },
  );
  const verify = async (fingerprint: string): Promise<string> =>
    resultOf(await evaluate(eLicense(tax), 'VerifyLicense', { arguments: [id, fingerprint, ''] }));
  await narrator.step(tax.name, 'verifies the licence document the company showed it', () =>
    verify(original.fingerprint),
  );
  await narrator.step(tax.name, 'verifies a copy whose business scope was altered', () => verify(tampered.fingerprint));
  await narrator.step(
    market.name,
    `suspends ${id} pending an inspection`,
    async () => {
      await submit(eLicense(market), 'SuspendLicense', { arguments: [id, 'INSPECTION_PENDING', ''] });
      return 'SUSPENDED';
    },
    { transactions: 1 },
  );
  await narrator.step(tax.name, 'verifies the original again', () => verify(original.fingerprint));
  await narrator.step(
    market.name,
    `reinstates ${id} after the inspection`,
    async () => {
      await submit(eLicense(market), 'ReinstateLicense', { arguments: [id, 'INSPECTION_PASSED', ''] });
      return 'ACTIVE';
    },
    { transactions: 1 },
  );
  await narrator.step(tax.name, 'verifies the original once more', () => verify(original.fingerprint));
}
