import * as sinon from 'sinon';
import { expect } from './setup';
import { JSONSerializer, type Contract } from 'fabric-contract-api';
import {
  JsonObject,
  LIMITS,
  invokeChaincodeJson,
  marshal,
  optionalTransient,
  parseJson,
  requireBoundedProposal,
  requireTransientJson,
  unmarshal,
} from '@govchain/chaincode-common';
import { BidRecordContract } from '@govchain/bid-record';
import { ControlContract } from '@govchain/control';
import { LicenseContract } from '@govchain/e-license';
import { RealEstateContract } from '@govchain/real-estate';
import { TestContext } from '../../support';

/** fabric-shim's own entry: what a chaincode server runs for every transaction. */
interface Response {
  readonly status: number;
  readonly message?: string;
}
interface DataMarshall {
  handleParameters(...args: unknown[]): unknown;
}
interface ChaincodeFromContract {
  readonly contractImplementations: Record<string, { dataMarshall: DataMarshall }>;
  invokeFunctionality(stub: unknown): Promise<Response>;
}
type ChaincodeFromContractClass = new (
  contracts: (typeof Contract)[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => ChaincodeFromContract;
/* eslint-disable @typescript-eslint/no-require-imports -- fabric-shim's internals have no type declarations */
const ChaincodeFromContract =
  require('fabric-shim/lib/contract-spi/chaincodefromcontract') as ChaincodeFromContractClass;

const shimLogger = require('fabric-shim/lib/logger') as {
  getLogger(name: string): { error(...args: unknown[]): void };
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A self-signed P-256 certificate: the creator fabric-shim's ClientIdentity parses. */
const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBrzCCAVWgAwIBAgIUL+kIuA8Vap8GNoidwj59M3XF5I4wCgYIKoZIzj0EAwIw
LDEcMBoGA1UEAwwTYWRtaW4udGF4Lmdvdi5sb2NhbDEMMAoGA1UECgwDVGF4MCAX
DTI2MTEzMDIyMTczN1oYDzIxMjYxMTA2MjIxNzM3WjAsMRwwGgYDVQQDDBNhZG1p
bi50YXguZ292LmxvY2FsMQwwCgYDVQQKDANUYXgwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASodVkUkaEBTcbdPq1dt+u1HDzqeJF3EWqk51sfiPxn9DCmbfwi/TWp
uVHpQgZXTJZZx7ki0FMoWJbMewamlwO8o1MwUTAdBgNVHQ4EFgQUpgAgEHRHTTeb
705EPze0JTnyYxUwHwYDVR0jBBgwFoAUpgAgEHRHTTeb705EPze0JTnyYxUwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEApi+rtUs8N+5ZYYyok4x1
rCp5SC9fc0jUiXkHOLdFh1wCIGPQpMBkhAWa2uE92HfuFabLGziwHwzMAPGU1K75
3WNA
-----END CERTIFICATE-----
`;

const WRITES = [
  'putState',
  'delState',
  'putPrivateData',
  'delPrivateData',
  'purgePrivateData',
  'setStateValidationParameter',
  'setPrivateDataValidationParameter',
  'setEvent',
  'invokeChaincode',
] as const;

const bytes = (n: number, fill = 0x20): Buffer => Buffer.alloc(n, fill);

/** A stub as the shim hands it over: raw arguments and transient data only. */
function proposal(
  args: readonly Uint8Array[],
  transient: Record<string, Uint8Array> = {},
): Parameters<typeof requireBoundedProposal>[0] {
  return { getBufferArgs: () => args, getTransient: () => new Map(Object.entries(transient)) };
}

describe('size limits: every argument bounded before it is parsed', () => {
  // Its own sandbox: restoring sinon's default one would also reset the stubs of TestContexts that
  // other test files create when they are loaded.
  const sandbox = sinon.createSandbox();
  afterEach(() => {
    sandbox.restore();
  });

  describe('requireBoundedProposal', () => {
    it('accepts arguments and transient values at their bounds', () => {
      const transient = { a: bytes(LIMITS.transientValueBytes), b: bytes(LIMITS.transientValueBytes) };
      expect(() => {
        requireBoundedProposal(proposal([Buffer.from('Put'), bytes(LIMITS.argumentBytes)], transient));
      }).not.to.throw();
    });

    it('refuses one byte over the argument bound, naming the argument and the bound', () => {
      expect(() => {
        requireBoundedProposal(proposal([Buffer.from('IssueLicense'), bytes(LIMITS.argumentBytes + 1)]), [
          'licenceJson',
        ]);
      }).to.throw(
        /^INVALID_ARGUMENT: argument 1 \(licenceJson\) of IssueLicense is 262145 bytes; the bound is 262144 bytes$/,
      );
    });

    it('names the position when the parameter names are not known', () => {
      expect(() => {
        requireBoundedProposal(proposal([Buffer.from('F'), bytes(1), bytes(LIMITS.argumentBytes + 1)]));
      }).to.throw(/^INVALID_ARGUMENT: argument 2 of F is/);
    });

    it('refuses arguments over the bound together', () => {
      const third = bytes(LIMITS.argumentBytes);
      expect(() => {
        requireBoundedProposal(proposal([Buffer.from('F'), third, third, third]));
      }).to.throw(/^INVALID_ARGUMENT: the arguments of F are 786433 bytes together; the bound is 524288 bytes$/);
    });

    it('refuses a transient value over its bound without echoing it', () => {
      const value = Buffer.from('110105199001011234'.repeat(1000));
      expect(() => {
        requireBoundedProposal(proposal([Buffer.from('F')], { idNumber: value }));
      }).to.throw(/^INVALID_ARGUMENT: transient field "idNumber" is 18000 bytes; the bound is 16384 bytes$/);
      try {
        requireBoundedProposal(proposal([Buffer.from('F')], { idNumber: value }));
      } catch (err) {
        expect((err as Error).message).not.to.include('1101051990');
      }
    });

    it('refuses transient data over the bound together, names included', () => {
      const transient = Object.fromEntries(
        ['a', 'b', 'c', 'd'].map((k) => [k, bytes(LIMITS.transientValueBytes)] as const),
      );
      expect(() => {
        requireBoundedProposal(proposal([Buffer.from('F')], transient));
      }).to.throw(/^INVALID_ARGUMENT: the transient data is 65540 bytes together; the bound is 65536 bytes$/);
    });

    it('quotes at most 64 characters of a caller-chosen field name', () => {
      expect(() => {
        requireBoundedProposal(
          proposal([Buffer.from('F')], { ['n'.repeat(5000)]: bytes(LIMITS.transientValueBytes + 1) }),
        );
      }).to.throw(/^INVALID_ARGUMENT: transient field "n{64}…" is 16385 bytes/);
    });
  });

  describe('per-kind bounds in the parsers', () => {
    it('parseJson refuses text over the JSON document bound before parsing it', () => {
      const parse = sandbox.spy(JSON, 'parse');
      const text = `[${'1,'.repeat(LIMITS.jsonDocument / 2)}1]`;
      expect(() => parseJson(text, 'licence')).to.throw(
        /^INVALID_ARGUMENT: licence must have at most 65536 characters of JSON \(it has 65539\)$/,
      );
      expect(JsonObject.parse.bind(JsonObject, text, 'unit')).to.throw(
        /^INVALID_ARGUMENT: unit must have at most 65536/,
      );
      expect(parse.called).to.equal(false);
    });

    it('parseJson takes a larger bound for batch documents', () => {
      const text = `[${'1,'.repeat(LIMITS.jsonDocument / 2)}1]`;
      expect(parseJson(text, 'reveals', undefined, LIMITS.jsonList)).to.have.length(LIMITS.jsonDocument / 2 + 1);
    });

    it('reads a transient value only within its bound, before decoding it', () => {
      const ctx = new TestContext();
      ctx.beginTx();
      // Not UTF-8 either: the size is refused first, so nothing was decoded.
      ctx.stub.getTransient.returns(new Map([['detail', bytes(LIMITS.transientValueBytes + 1, 0xff)]]));
      expect(() => optionalTransient(ctx, 'detail')).to.throw(
        /^INVALID_ARGUMENT: transient field detail is 16385 bytes; the bound is 16384 bytes$/,
      );
      expect(() => requireTransientJson(ctx, 'detail')).to.throw(/^INVALID_ARGUMENT: transient field detail is 16385/);
    });

    it('never writes or parses a stored value over its bound', () => {
      expect(() => marshal({ blob: 'x'.repeat(LIMITS.storedValueBytes) })).to.throw(
        RangeError,
        /^refusing to write 1048587 bytes; the bound is 1048576 bytes$/,
      );
      const parse = sandbox.spy(JSON, 'parse');
      expect(() => unmarshal(bytes(LIMITS.storedValueBytes + 1), (v) => v, 'licence BL-1')).to.throw(
        /^stored licence BL-1 is 1048577 bytes; the bound is 1048576 bytes$/,
      );
      expect(parse.called).to.equal(false);
    });
  });

  describe('a called chaincode’s result', () => {
    it('is parsed only within the stored-value bound', async () => {
      const ctx = new TestContext();
      ctx.stub.invokeChaincode.resolves({
        status: 200,
        message: '',
        payload: bytes(LIMITS.storedValueBytes + 1, 0x5b),
      });
      const parse = sandbox.spy(JSON, 'parse');
      await expect(invokeChaincodeJson(ctx, 'e-license', 'GetLicense', ['BL-1'], (v) => v)).to.be.rejectedWith(
        /^e-license GetLicense returned 1048577 characters; the bound is 1048576$/,
      );
      expect(parse.called).to.equal(false);
    });
  });

  describe('each chaincode, through fabric-shim’s entry', () => {
    const chaincodes: {
      readonly name: string;
      readonly contract: typeof Contract;
      readonly write: readonly [string, number];
      readonly read: readonly [string, string];
    }[] = [
      { name: 'e-license', contract: LicenseContract, write: ['IssueLicense', 1], read: ['GetLicense', 'BL-NONE'] },
      { name: 'real-estate', contract: RealEstateContract, write: ['RegisterUnit', 1], read: ['GetUnit', 'U-NONE'] },
      { name: 'bid-record', contract: BidRecordContract, write: ['PublishProject', 1], read: ['GetProject', 'P-NONE'] },
      { name: 'control', contract: ControlContract, write: ['Put', 2], read: ['Get', 'k-none'] },
    ];

    // The entry logs every refusal at error level; keep the test output to the test's own.
    let quiet: sinon.SinonStub | undefined;
    before(() => {
      quiet = sinon.stub(shimLogger.getLogger('contracts-spi/chaincodefromcontract.js'), 'error');
    });
    after(() => {
      quiet?.restore();
    });

    function entry(contract: typeof Contract): ChaincodeFromContract {
      return new ChaincodeFromContract(
        [contract],
        { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
        {},
        'test',
        '0.0.0',
      );
    }

    function ledger(args: readonly Uint8Array[], transient: Record<string, string> = {}): TestContext {
      const ctx = new TestContext({ mspId: 'TaxMSP', time: new Date().toISOString() });
      ctx.beginTx({ transient });
      (ctx.stub as unknown as { getBufferArgs: sinon.SinonStub }).getBufferArgs.returns(args);
      ctx.stub.getCreator.returns({ mspid: 'TaxMSP', idBytes: Buffer.from(CERT_PEM) });
      return ctx;
    }

    function expectNothingWritten(ctx: TestContext): void {
      for (const method of WRITES) {
        expect((ctx.stub as unknown as Record<string, sinon.SinonStub>)[method]?.called, method).not.to.equal(true);
      }
    }

    for (const { name, contract, write, read } of chaincodes) {
      describe(name, () => {
        it(`refuses a 100 MB argument of ${write[0]} before converting any argument, writing nothing`, async () => {
          const chaincode = entry(contract);
          const marshals = Object.values(chaincode.contractImplementations).map((c) =>
            sandbox.spy(c.dataMarshall, 'handleParameters'),
          );
          const args = [Buffer.from(write[0]), ...Array.from({ length: write[1] - 1 }, () => Buffer.from('k1'))];
          const ctx = ledger([...args, bytes(100 * 1024 * 1024)]);
          const response = await chaincode.invokeFunctionality(ctx.stub);
          expect(response.status).to.equal(500);
          expect(response.message).to.match(
            new RegExp(
              `^INVALID_ARGUMENT: argument ${write[1]} \\(\\w+\\) of ${write[0]} is 104857600 bytes; the bound is 262144 bytes$`,
            ),
          );
          expect(marshals.some((spy) => spy.called)).to.equal(false);
          expectNothingWritten(ctx);
        });

        it(`refuses an oversized transient value of ${write[0]}, writing nothing`, async () => {
          const args = [Buffer.from(write[0]), ...Array.from({ length: write[1] }, () => Buffer.from('{}'))];
          const ctx = ledger(args, { idNumber: 'x'.repeat(LIMITS.transientValueBytes + 1) });
          const response = await entry(contract).invokeFunctionality(ctx.stub);
          expect(response.message).to.equal(
            'INVALID_ARGUMENT: transient field "idNumber" is 16385 bytes; the bound is 16384 bytes',
          );
          expectNothingWritten(ctx);
        });

        it(`lets arguments within the bounds reach ${read[0]}`, async () => {
          const ctx = ledger([Buffer.from(read[0]), Buffer.from(read[1])]);
          const response = await entry(contract).invokeFunctionality(ctx.stub);
          expect(response.message).to.match(/^NOT_FOUND: /);
        });
      });
    }
  });
});
