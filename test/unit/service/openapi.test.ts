import { Validator } from '@seriousme/openapi-schema-validator';
import { BID_RECORD_TRANSACTIONS } from '@govchain/protocol/bid-record';
import { E_LICENSE_TRANSACTIONS } from '@govchain/protocol/e-license';
import { REAL_ESTATE_TRANSACTIONS } from '@govchain/protocol/real-estate';
import { SERVICE_ROUTES, openApiDocument } from '@govchain/service';
import { expect } from 'chai';

interface Doc {
  readonly paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[] }>>;
  readonly components: { readonly schemas: Record<string, unknown> };
}

describe('service: OpenAPI document', () => {
  const doc = openApiDocument(SERVICE_ROUTES, 'tax') as unknown as Doc;

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).to.deep.equal([]);
    expect(result.valid).to.equal(true);
  });

  it('has an operation for every route, each with its own operationId', () => {
    const ids = new Set<string>();
    for (const route of SERVICE_ROUTES) {
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = doc.paths[url]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${url}`).to.not.equal(undefined);
      expect(ids.has(operation?.operationId ?? '')).to.equal(false);
      ids.add(operation?.operationId ?? '');
    }
  });

  for (const [chaincode, contract] of [
    ['e-license', E_LICENSE_TRANSACTIONS],
    ['real-estate', REAL_ESTATE_TRANSACTIONS],
    ['bid-record', BID_RECORD_TRANSACTIONS],
  ] as const) {
    it(`serves every ${chaincode} transaction, once`, () => {
      const served = SERVICE_ROUTES.filter((r) => r.chaincode === chaincode).map((r) => r.transaction);
      expect([...served].sort()).to.deep.equal(Object.keys(contract.transactions).sort());
    });
  }

  it('resolves every $ref in components.schemas', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).to.be.greaterThan(10);
    for (const name of refs) expect(doc.components.schemas, name).to.have.property(name);
  });

  it('asks every write for an Idempotency-Key and no read for one', () => {
    for (const route of SERVICE_ROUTES) {
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const headers = (doc.paths[url]?.[route.method.toLowerCase()]?.parameters ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => p.name);
      expect(headers.includes('Idempotency-Key'), route.transaction).to.equal(route.submit);
      expect(route.method === 'GET', `${route.transaction} is a write served by GET`).to.equal(!route.submit);
    }
  });
});
