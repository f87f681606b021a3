import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import 'reflect-metadata';
import * as sinon from 'sinon';
import { JSONSerializer, type Contract } from 'fabric-contract-api';
import * as bidRecord from '@govchain/bid-record';
import * as control from '@govchain/control';
import * as eLicense from '@govchain/e-license';
import * as realEstate from '@govchain/real-estate';
import type { ContractDescriptor } from '@govchain/protocol';
import { DESCRIBED_CHAINCODES, chaincodeMetadata, metadataFile, metadataText } from '@govchain/scripts/dist/metadata';
import { TestContext } from '../../support';
import { expect } from '../common/setup';
import { CERT_PEM } from '../gateway-client/fixtures';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/* eslint-disable @typescript-eslint/no-require-imports -- fabric-shim's internals have no type declarations */
const Bootstrap = require('fabric-shim/lib/contract-spi/bootstrap') as {
  loadAndValidateMetadata(file: string): Record<string, unknown>;
};
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as new (
  contracts: (typeof Contract)[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => { invokeFunctionality(stub: unknown): Promise<{ status: number; message?: string; payload?: Buffer }> };
const shimLogger = require('fabric-shim/lib/logger') as {
  getLogger(name: string): { error(...args: unknown[]): void };
};
/** fabric-shim's own ajv (6), which its bootstrap validates the metadata file with. */
const SHIM_DIR = path.dirname(require.resolve('fabric-shim/package.json'));
const Ajv = require(require.resolve('ajv', { paths: [SHIM_DIR] })) as new (options: object) => {
  addMetaSchema(schema: object): void;
  validate(schema: object, data: unknown): boolean;
  errors?: { dataPath?: string; message?: string }[] | null;
};
const DRAFT_04 = require(require.resolve('ajv/lib/refs/json-schema-draft-04.json', { paths: [SHIM_DIR] })) as object;
/* eslint-enable @typescript-eslint/no-require-imports */

const CONTRACT_SCHEMA = JSON.parse(
  readFileSync(require.resolve('fabric-contract-api/schema/contract-schema.json'), 'utf8'),
) as object;

/** The contract classes each chaincode's index exports, as fabric-shim loads them. */
const CHAINCODE_CONTRACTS: Readonly<Record<string, readonly (typeof Contract)[]>> = {
  'e-license': eLicense.contracts,
  'real-estate': realEstate.contracts,
  'bid-record': bidRecord.contracts,
};

interface DecoratedTransaction {
  readonly name: string;
  readonly tag: readonly string[];
  readonly parameters: readonly { readonly name: string }[];
}

function decoratedTransactions(contract: typeof Contract): DecoratedTransaction[] {
  return (Reflect.getMetadata('fabric:transactions', contract.prototype) ?? []) as DecoratedTransaction[];
}

function committed(chaincode: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, metadataFile(chaincode)), 'utf8')) as Record<string, unknown>;
}

/** Validates as fabric-shim's bootstrap does: draft-04 meta schema, schemaId 'id'. */
function contractSchemaErrors(metadata: unknown): string[] {
  const ajv = new Ajv({ schemaId: 'id', logger: false });
  ajv.addMetaSchema(DRAFT_04);
  return ajv.validate(CONTRACT_SCHEMA, metadata)
    ? []
    : (ajv.errors ?? []).map((e) => `${e.dataPath ?? ''} ${e.message ?? ''}`);
}

describe('contract metadata (META-INF/metadata.json)', function () {
  it('covers every chaincode that has transaction descriptors, and those are e-license, real-estate, bid-record', function () {
    expect(Object.keys(DESCRIBED_CHAINCODES)).to.deep.equal(Object.keys(CHAINCODE_CONTRACTS));
  });

  for (const [chaincode, contracts] of Object.entries(CHAINCODE_CONTRACTS)) {
    const descriptors: readonly ContractDescriptor[] = DESCRIBED_CHAINCODES[chaincode] ?? [];

    describe(chaincode, function () {
      it('is the committed file the descriptors generate now (run npm run metadata after changing them)', function () {
        const text = readFileSync(path.join(ROOT, metadataFile(chaincode)), 'utf8');
        expect(text).to.equal(metadataText(chaincodeMetadata(ROOT, chaincode)));
      });

      it("validates against fabric-contract-api's contract-schema.json as fabric-shim's bootstrap checks it", function () {
        expect(contractSchemaErrors(committed(chaincode))).to.deep.equal([]);
        expect(() => Bootstrap.loadAndValidateMetadata(path.join(ROOT, metadataFile(chaincode)))).not.to.throw();
      });

      it('describes every contract the index exports, by the name it registers under, with its @Info', function () {
        const byName = new Map(descriptors.map((d) => [d.contract, d]));
        expect(contracts.map((c) => new c().getName())).to.deep.equal(descriptors.map((d) => d.contract));
        for (const contract of contracts) {
          const descriptor = byName.get(new contract().getName());
          const info = (Reflect.getMetadata('fabric:info', global) as Record<string, Record<string, unknown>>)[
            contract.name
          ];
          expect({ title: info?.title, description: info?.description }).to.deep.equal({
            title: descriptor?.title,
            description: descriptor?.description,
          });
        }
      });

      it('has exactly one descriptor per transaction method, with its parameters in order and submit or evaluate', function () {
        for (const contract of contracts) {
          const descriptor = descriptors.find((d) => d.contract === new contract().getName());
          const decorated = decoratedTransactions(contract);
          expect(decorated.length, contract.name).to.be.greaterThan(0);
          expect(Object.keys(descriptor?.transactions ?? {})).to.deep.equal(decorated.map((t) => t.name));
          for (const transaction of decorated) {
            const described = descriptor?.transactions[transaction.name];
            const method = (contract.prototype as unknown as Record<string, (...args: unknown[]) => unknown>)[
              transaction.name
            ];
            expect(described?.parameters.length, transaction.name).to.equal((method?.length ?? 0) - 1);
            expect(
              described?.parameters.map((p) => p.name),
              transaction.name,
            ).to.deep.equal(transaction.parameters.map((p) => p.name));
            expect(described?.submit, transaction.name).to.equal(transaction.tag.includes('SUBMIT'));
          }
        }
      });

      it("keeps fabric-shim's per-argument work small: string schemas only, no components, schemas in definitions", function () {
        const metadata = chaincodeMetadata(ROOT, chaincode);
        expect(metadata.components).to.deep.equal({ schemas: {} });
        const parameters = Object.values(metadata.contracts).flatMap((c) =>
          c.transactions.flatMap((t) => t.parameters),
        );
        expect(parameters.length).to.be.greaterThan(20);
        for (const parameter of parameters) {
          expect(Object.keys(parameter.schema), parameter.name).to.satisfy((keys: string[]) =>
            keys.every((key) => key === 'type' || key === 'title'),
          );
          expect(parameter.schema.type).to.equal('string');
          const match = /#\/definitions\/(\w+)/.exec(parameter.description);
          if (match !== null) {
            expect(metadata.definitions, parameter.description).to.have.property(match[1] ?? '');
            expect(parameter.schema.title).to.equal(match[1]);
          }
        }
        for (const definition of Object.values(metadata.definitions)) {
          for (const [, name] of JSON.stringify(definition).matchAll(/"#\/definitions\/(\w+)"/g)) {
            expect(metadata.definitions).to.have.property(name ?? '');
          }
        }
      });
    });
  }

  it('refuses, as fabric-shim would at start, a parameter carrying a member the contract schema does not allow', function () {
    const metadata = committed('e-license') as {
      contracts: Record<string, { transactions: { parameters: Record<string, unknown>[] }[] }>;
    };
    const parameter = metadata.contracts.LicenseContract?.transactions.find((t) => t.parameters.length > 0)
      ?.parameters[0];
    expect(parameter).not.to.equal(undefined);
    if (parameter !== undefined) parameter.record = 'LicenseInput';
    expect(contractSchemaErrors(metadata).join('\n')).to.match(/additional properties/);
  });

  describe('served by fabric-shim', function () {
    const SERIALIZERS = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
    let quiet: sinon.SinonStub | undefined;
    before(function () {
      quiet = sinon.stub(shimLogger.getLogger('contracts-spi/chaincodefromcontract.js'), 'error');
    });
    after(function () {
      quiet?.restore();
    });

    function call(
      args: readonly string[],
      serializers: unknown = eLicense.serializers,
    ): Promise<{ status: number; message?: string; payload?: Buffer }> {
      const metadata = Bootstrap.loadAndValidateMetadata(path.join(ROOT, metadataFile('e-license')));
      const chaincode = new ChaincodeFromContract([eLicense.LicenseContract], serializers, metadata, '', '');
      const ctx = new TestContext({ mspId: 'TaxMSP', time: new Date().toISOString() });
      ctx.beginTx({ transient: {} });
      (ctx.stub as unknown as { getBufferArgs: sinon.SinonStub }).getBufferArgs.returns(
        args.map((a) => Buffer.from(a)),
      );
      ctx.stub.getCreator.returns({ mspid: 'TaxMSP', idBytes: Buffer.from(CERT_PEM) });
      return chaincode.invokeFunctionality(ctx.stub);
    }

    it('answers GetMetadata with the committed document', async function () {
      const response = await call(['org.hyperledger.fabric:GetMetadata']);
      expect(response.status, response.message).to.equal(200);
      expect(JSON.parse(response.payload?.toString('utf8') ?? '')).to.deep.equal(committed('e-license'));
    });

    it("needs the chaincode's serializer for it: fabric-contract-api's own fails on an object result", async function () {
      const response = await call(['org.hyperledger.fabric:GetMetadata'], SERIALIZERS);
      expect(response.status).to.equal(500);
      expect(response.message).to.equal('classToPlain is not a function');
    });

    it("answers the control chaincode's GetMetadata too, from introspection (it has no metadata file)", async function () {
      const chaincode = new ChaincodeFromContract(control.contracts, control.serializers, {}, '', '');
      const ctx = new TestContext({ mspId: 'TaxMSP', time: new Date().toISOString() });
      ctx.beginTx({ transient: {} });
      (ctx.stub as unknown as { getBufferArgs: sinon.SinonStub }).getBufferArgs.returns([
        Buffer.from('org.hyperledger.fabric:GetMetadata'),
      ]);
      ctx.stub.getCreator.returns({ mspid: 'TaxMSP', idBytes: Buffer.from(CERT_PEM) });
      const response = await chaincode.invokeFunctionality(ctx.stub);
      expect(response.status, response.message).to.equal(200);
      const metadata = JSON.parse(response.payload?.toString('utf8') ?? '') as { contracts: Record<string, unknown> };
      expect(Object.keys(metadata.contracts)).to.include('control');
    });

    it('dispatches a described transaction to the contract, and refuses a wrong argument count before it', async function () {
      const found = await call(['VerifyLicense', 'BL-NONE', 'a'.repeat(64), '']);
      expect(found.status).to.equal(200);
      expect(JSON.parse(found.payload?.toString('utf8') ?? '')).to.include({
        licenceId: 'BL-NONE',
        result: 'NOT_FOUND',
      });
      const short = await call(['VerifyLicense', 'BL-NONE', 'a'.repeat(64)]);
      expect(short.status).to.equal(500);
      expect(short.message).to.equal('Expected 3 parameters, but 2 have been supplied');
    });
  });
});
