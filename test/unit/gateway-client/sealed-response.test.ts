import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import { RESPONSE_KEY_FIELD as CHAINCODE_KEY_FIELD, requireResponseKey } from '@govchain/chaincode-common';
import {
  GovchainError,
  RESPONSE_ALG,
  RESPONSE_KEY_FIELD,
  decryptResponse,
  evaluateSealed,
  newResponseKey,
  responseKeyTransient,
} from '@govchain/gateway-client';
import { SEALED_RESPONSE_VECTOR as V, TestContext } from '../../support';
import type { CommandContext } from '@govchain/gateway-client/dist/cli/command';
import { genericCommands } from '@govchain/gateway-client/dist/cli/commands';
import { type CallContext, fakeConnection, sealedAnswer } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const KEY = Buffer.from(V.keyBase64, 'base64');
const WHERE = { chaincode: V.chaincode, transaction: V.transaction, transactionId: V.transactionId };

/** A contract whose proposals answer with `answer`, recording each proposal's options. */
function fakeContract(answer: (call: CallContext) => unknown): { contract: Contract; calls: ProposalOptions[] } {
  const calls: ProposalOptions[] = [];
  let n = 0;
  const contract = {
    newProposal: (_name: string, options: ProposalOptions) => {
      const transactionId = `tx-${++n}`;
      return {
        getTransactionId: () => transactionId,
        evaluate: () => {
          calls.push(options);
          const value = answer({ options, transactionId });
          return Promise.resolve(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
        },
      };
    },
  } as unknown as Contract;
  return { contract, calls };
}

describe('sealed responses (gateway client side)', () => {
  it('opens the shared test vector', () => {
    expect(decryptResponse(JSON.parse(V.sealed), KEY, WHERE).toString('utf8')).to.equal(V.plaintext);
  });

  for (const [what, change, problem] of [
    ['not an object', () => 'sealed', /it is not an object/],
    ['of another algorithm', (s: Record<string, string>) => ({ ...s, alg: 'A128GCM' }), /alg is not A256GCM/],
    [
      'with an IV other than the derived one',
      (s: Record<string, string>) => ({ ...s, iv: 'AAAAAAAAAAAAAAAA' }),
      /iv is not/,
    ],
    [
      'with a tag that is not base64',
      (s: Record<string, string>) => ({ ...s, tag: 'not base64!' }),
      /tag is not base64/,
    ],
    ['with a short tag', (s: Record<string, string>) => ({ ...s, tag: 'AAAA' }), /tag is not 16 bytes/],
  ] as const) {
    it(`refuses a response ${what} with INVALID_RESULT naming the call`, () => {
      const sealed = change(JSON.parse(V.sealed) as Record<string, string>);
      let err: unknown;
      try {
        decryptResponse(sealed, KEY, WHERE);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(GovchainError);
      expect(err).to.include({ code: 'INVALID_RESULT', transactionId: V.transactionId });
      expect((err as Error).message).to.match(problem);
      expect((err as Error).message).to.match(/^e-license ReadLicenseDetail returned a sealed response/);
    });
  }

  it('makes fresh 32-byte keys that the chaincode accepts from transient data', () => {
    const a = newResponseKey();
    const b = newResponseKey();
    expect(a).to.have.length(32);
    expect(a.equals(b)).to.equal(false);
    expect(RESPONSE_KEY_FIELD).to.equal(CHAINCODE_KEY_FIELD);
    expect(RESPONSE_ALG).to.equal((JSON.parse(V.sealed) as { alg: string }).alg);
    const transient = responseKeyTransient(a);
    const ctx = new TestContext();
    ctx.beginTx({ transient });
    expect(requireResponseKey(ctx, 'ReadLicenseDetail').equals(a)).to.equal(true);
  });

  describe('evaluateSealed', () => {
    const answer = { applicationId: 'TA-1', transferDetail: { fields: { declaredPrice: '3280000.00' } } };

    it('sends a fresh key per call beside the caller’s transient data, and returns the opened answer', async () => {
      const { contract, calls } = fakeContract(sealedAnswer('real-estate', 'GetTransferDetail', answer));
      const options = {
        arguments: ['TA-1'],
        transientData: { other: 'x' },
        endorsingOrganizations: ['TaxMSP'],
        sealedBy: 'real-estate',
      };
      expect(await evaluateSealed(contract, 'GetTransferDetail', options)).to.deep.equal(answer);
      expect(await evaluateSealed(contract, 'GetTransferDetail', options)).to.deep.equal(answer);
      const keys = calls.map((call) => {
        expect(Object.keys(call.transientData ?? {})).to.deep.equal(['other', RESPONSE_KEY_FIELD]);
        expect(call.arguments).to.deep.equal(['TA-1']);
        expect(call.endorsingOrganizations).to.deep.equal(['TaxMSP']);
        return Buffer.from(call.transientData![RESPONSE_KEY_FIELD] as Uint8Array).toString();
      });
      expect(keys[0]).to.not.equal(keys[1]);
    });

    it('refuses an answer sealed for another chaincode label', async () => {
      const { contract } = fakeContract(sealedAnswer('e-license', 'GetTransferDetail', answer));
      await expect(evaluateSealed(contract, 'GetTransferDetail', { arguments: ['TA-1'], sealedBy: 'real-estate' }))
        .to.be.rejectedWith(GovchainError, /cannot be opened: iv is not the one derived for this transaction/)
        .and.eventually.include({ code: 'INVALID_RESULT', transactionId: 'tx-1' });
    });

    it('refuses a plaintext answer', async () => {
      const { contract } = fakeContract(() => answer);
      await expect(
        evaluateSealed(contract, 'GetTransferDetail', { arguments: ['TA-1'], sealedBy: 'real-estate' }),
      ).to.be.rejectedWith(GovchainError, /alg is not A256GCM/);
    });
  });

  describe('the CLI query command', () => {
    const query = genericCommands.find((command) => command.name === 'query')!;
    const answer = { applicationId: 'TA-1', transferDetail: null, taxAssessment: null, loanDetail: null };

    function context(fn: string, connection: Awaited<ReturnType<CommandContext['connect']>>): CommandContext {
      return {
        args: { chaincode: 'real-estate', function: fn, args: ['TA-1'] },
        options: {},
        global: {
          as: 'tax',
          clerk: undefined,
          identity: 'user',
          json: true,
          profiles: undefined,
          afterBlock: undefined,
        },
        io: { stdout: () => undefined, stderr: () => undefined, env: {} },
        connect: () => Promise.resolve(connection),
      };
    }

    for (const fn of ['GetTransferDetail', 'RealEstateContract:GetTransferDetail']) {
      it(`queries ${fn} with a one-time key and prints the opened answer, as before sealing`, async () => {
        const { connection, calls } = fakeConnection('TaxMSP', {
          [fn]: sealedAnswer('real-estate', 'GetTransferDetail', answer),
        });
        const outcome = await query.run(context(fn, connection));
        expect(outcome.data).to.deep.equal({ result: answer });
        expect(Object.keys(calls[0]?.options.transientData ?? {})).to.deep.equal([RESPONSE_KEY_FIELD]);
      });
    }

    it('queries any other function as it is, with no key', async () => {
      const { connection, calls } = fakeConnection('TaxMSP', { GetApplication: { id: 'TA-1' } });
      expect((await query.run(context('GetApplication', connection))).data).to.deep.equal({ result: { id: 'TA-1' } });
      expect(calls[0]?.options.transientData).to.equal(undefined);
    });
  });
});
