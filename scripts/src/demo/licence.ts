import { eLicenseClient } from '@govchain/gateway-client';
import { document, RUN, type Departments } from './context';
import type { Narrator } from './narrator';

/** Market Regulation issues a business licence; Tax verifies the document it is shown, and a tampered copy. */
export async function licenceChapter(
  narrator: Narrator,
  departments: Departments,
): Promise<{ id: string; fingerprint: string }> {
  narrator.chapter(
    'A business licence, issued once and verified anywhere',
    'The original stays with Market Regulation; the ledger holds its fingerprint, status and validity.',
  );
  const market = await departments.get('market-regulation');
  const tax = await departments.get('tax');
  const issuer = eLicenseClient(market.connection);
  const verifier = eLicenseClient(tax.connection);
  const id = `BL-${RUN}`;
  const original = document(
    `Business licence ${id}\nLianhua Trading Co., Ltd.\nUnified social credit code 91310000MA1FL8XQ37\nScope: wholesale of daily goods\n`,
  );
  const tampered = document(original.bytes.toString('utf8').replace('daily goods', 'pharmaceuticals'));
  const signed = async (run: () => Promise<{ blockNumber: bigint }>, answer: string): Promise<string> => {
    const { blockNumber } = await run();
    await departments.sync(blockNumber);
    return answer;
  };

  await narrator.step(
    market.name,
    `issues business licence ${id} to Lianhua Trading Co., Ltd. (the legal representative's ID number travels only as transient data)`,
    () =>
      signed(
        () =>
          issuer.issueLicense({
            id,
            type: 'BUSINESS_LICENCE',
            fingerprint: original.fingerprint,
            metadata: {
              enterpriseName: 'Lianhua Trading Co., Ltd.',
              unifiedSocialCreditCode: '91310000MA1FL8XQ37',
              businessScope: 'wholesale of daily goods',
              registeredCapital: '5000000',
            },
            holder: { idNumber: '310101198001010037', name: 'Demo Representative' },
          }),
        `fingerprint ${original.fingerprint.slice(0, 16)}…`,
      ),
    { transactions: 1 },
  );
  const verify = async (fingerprint: string): Promise<string> =>
    (await verifier.verifyLicense({ licenceId: id, fingerprint })).result;
  await narrator.step(tax.name, 'verifies the licence document the company showed it', () =>
    verify(original.fingerprint),
  );
  await narrator.step(tax.name, 'verifies a copy whose business scope was altered', () => verify(tampered.fingerprint));
  await narrator.step(
    market.name,
    `suspends ${id} pending an inspection`,
    () => signed(() => issuer.suspendLicense({ licenceId: id, reasonCode: 'INSPECTION_PENDING' }), 'SUSPENDED'),
    { transactions: 1 },
  );
  await narrator.step(tax.name, 'verifies the original again', () => verify(original.fingerprint));
  await narrator.step(
    market.name,
    `reinstates ${id} after the inspection`,
    () => signed(() => issuer.reinstateLicense({ licenceId: id, reasonCode: 'INSPECTION_PASSED' }), 'ACTIVE'),
    { transactions: 1 },
  );
  await narrator.step(tax.name, 'verifies the original once more', () => verify(original.fingerprint));
  return { id, fingerprint: original.fingerprint };
}
