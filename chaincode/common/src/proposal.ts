import { peer } from '@hyperledger/fabric-protos';
import type { Context } from 'fabric-contract-api';

/**
 * Which chaincode a transaction's signed proposal invokes.
 *
 * Fabric tells a chaincode little about who called it. When chaincode A calls B with `invokeChaincode`,
 * the peer hands B the transaction's own signed proposal (core/chaincode/handler.go, HandleInvokeChaincode:
 * the callee's `TransactionParams.SignedProp` is the caller's), so B sees the proposal the client signed
 * for A — the top of the call chain, never the immediate caller in a longer chain. The name that counts is
 * the one the endorser invoked: `ChaincodeHeaderExtension.chaincode_id.name` in the proposal's channel
 * header (core/endorser/msgvalidation.go takes it from there, not from the invocation spec in the payload).
 */

/** Most bytes of a header extension read (a chaincode id is a few dozen). */
const MAX_EXTENSION_BYTES = 4096;

/** The channel header as fabric-shim decodes it (a google-protobuf message) or as its type declares it. */
interface ChannelHeaderLike {
  readonly extension?: Uint8Array;
  readonly getExtension_asU8?: () => Uint8Array;
}

/**
 * @param ctx - transaction context
 * @returns the name of the chaincode the transaction's signed proposal invokes, or undefined when unknown
 */
export function proposedChaincode(ctx: Context): string | undefined {
  try {
    const header = ctx.stub.getSignedProposal().proposal.header.channelHeader as unknown as ChannelHeaderLike;
    const extension = typeof header.getExtension_asU8 === 'function' ? header.getExtension_asU8() : header.extension;
    if (extension === undefined || extension.length === 0 || extension.length > MAX_EXTENSION_BYTES) {
      return undefined;
    }
    const name = peer.ChaincodeHeaderExtension.deserializeBinary(extension).getChaincodeId()?.getName();
    return name === undefined || name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

/** The proposal payload as fabric-shim decodes it: a `ChaincodeProposalPayload` message. */
interface ProposalPayloadLike {
  readonly getInput_asU8?: () => Uint8Array;
}

/** Most bytes of an invocation spec decoded for its function name (the arguments are bounded elsewhere). */
const MAX_INVOCATION_BYTES = 1024 * 1024;

/**
 * @param ctx - transaction context
 * @returns the function (`[Contract:]Name`) the transaction's signed proposal invokes — for a chaincode called
 * by another, the caller's function at the top of the call chain — or undefined when unknown
 */
export function proposedFunction(ctx: Context): string | undefined {
  try {
    const payload = ctx.stub.getSignedProposal().proposal.payload as unknown as ProposalPayloadLike;
    const input = typeof payload.getInput_asU8 === 'function' ? payload.getInput_asU8() : undefined;
    if (input === undefined || input.length === 0 || input.length > MAX_INVOCATION_BYTES) return undefined;
    const args = peer.ChaincodeInvocationSpec.deserializeBinary(input)
      .getChaincodeSpec()
      ?.getInput()
      ?.getArgsList_asU8();
    const fn = args?.[0];
    return fn === undefined || fn.length === 0 || fn.length > 256 ? undefined : Buffer.from(fn).toString('utf8');
  } catch {
    return undefined;
  }
}
