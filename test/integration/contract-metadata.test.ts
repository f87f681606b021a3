import * as chai from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GovchainConnection } from '@govchain/gateway-client';
import { connectAs, ROOT } from './support';

const { expect } = chai;

interface Parameter {
  readonly name: string;
  readonly description: string;
  readonly schema: Record<string, unknown>;
}
interface Transaction {
  readonly name: string;
  readonly tag: readonly string[];
  readonly description: string;
  readonly parameters: readonly Parameter[];
  readonly transient?: readonly string[];
  readonly returns: { readonly type: string; readonly title?: string };
}
interface Metadata {
  readonly info: { readonly title: string; readonly version: string };
  readonly contracts: Record<string, { readonly transactions: readonly Transaction[] }>;
  readonly components: { readonly schemas: Record<string, unknown> };
  readonly definitions: Record<string, { readonly required?: readonly string[] }>;
}

describe('contract metadata on the real network (org.hyperledger.fabric:GetMetadata)', function () {
  this.timeout(60_000);

  let tax: GovchainConnection | undefined;
  before(async function () {
    tax = await connectAs('tax');
  });
  after(function () {
    tax?.close();
  });

  async function served(chaincode: string): Promise<Metadata> {
    if (tax === undefined) throw new Error('not connected');
    const contract = tax.network.getContract(tax.chaincodeName(chaincode), 'org.hyperledger.fabric');
    const bytes = await contract.evaluateTransaction('GetMetadata');
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as Metadata;
  }

  for (const chaincode of ['e-license', 'real-estate', 'bid-record']) {
    it(`${chaincode} serves its committed META-INF/metadata.json, with no component schemas`, async function () {
      const metadata = await served(chaincode);
      const committed = JSON.parse(
        readFileSync(path.join(ROOT, 'chaincode', chaincode, 'META-INF', 'metadata.json'), 'utf8'),
      ) as Metadata;
      expect(metadata).to.deep.equal(committed);
      expect(metadata.info.title).to.equal(chaincode);
      expect(metadata.components.schemas).to.deep.equal({});
    });
  }

  it("describes IssueLicense: submitted, its record argument and result class, the holder's transient fields", async function () {
    const metadata = await served('e-license');
    const issue = metadata.contracts.LicenseContract?.transactions.find((t) => t.name === 'IssueLicense');
    expect(issue?.tag).to.deep.equal(['SUBMIT', 'submitTx']);
    expect(issue?.parameters.map((p) => [p.name, p.schema])).to.deep.equal([
      ['licenceJson', { type: 'string', title: 'LicenseInput' }],
    ]);
    expect(issue?.parameters[0]?.description).to.contain('#/definitions/LicenseInput');
    expect(issue?.transient).to.include.members(['holderRefGrant', 'idNumber', 'name', 'salt']);
    expect(issue?.returns).to.include({ type: 'string', title: 'License' });
    expect(metadata.definitions.LicenseInput?.required).to.include.members(['id', 'type', 'fingerprint']);
    expect(metadata.definitions.License?.required).to.include.members(['holderRef', 'status']);

    const verify = metadata.contracts.LicenseContract?.transactions.find((t) => t.name === 'VerifyLicense');
    expect(verify?.tag).to.deep.equal(['EVALUATE']);
    expect(verify?.parameters.map((p) => p.name)).to.deep.equal(['licenceId', 'fingerprint', 'atTime']);
    expect(verify?.parameters.every((p) => JSON.stringify(p.schema) === '{"type":"string"}')).to.equal(true);
    expect(verify?.returns.title).to.equal('LicenseVerification');
  });
});
