import type { Context } from 'fabric-contract-api';
import { forbidden } from '@govchain/chaincode-common';
import type { LicenseType } from './models';

/**
 * Which chaincode a transaction's signed proposal invokes.
 *
 * Fabric tells a chaincode little about who called it. When chaincode A calls
 * B with `invokeChaincode`, the peer hands B the transaction's own signed
 * proposal (core/chaincode/handler.go, HandleInvokeChaincode: the callee's
 * `TransactionParams.SignedProp` is the caller's), so B sees the proposal the
 * client signed for A — the top of the call chain, never the immediate caller
 * in a longer chain. The name that counts is the one the endorser invoked:
 * the `ChaincodeHeaderExtension.chaincode_id.name` in the proposal's channel
 * header (core/endorser/msgvalidation.go takes it from there, not from the
 * invocation spec in the payload, which nothing checks against it).
 *
 * That is enough to let a type be written only through its owning chaincode:
 * an honest endorser of a proposal to e-license itself sees `e-license` and
 * refuses; a proposal to `real-estate` runs the genuine real-estate code on
 * every honest endorser, which calls e-license only after the register's own
 * checks. Chaincode names are fixed by the channel's lifecycle (a majority of
 * the departments approves every definition), so no department can deploy a
 * chaincode of its own under that name.
 *
 * Decoded by hand (two nested length-delimited fields) because the one
 * protobuf library on the chaincode side, `@hyperledger/fabric-protos`, is a
 * dependency of the common package, not of this one (`chaincode/common` is
 * another engineer's to change).
 */

/** Most bytes of a header extension this decoder reads. */
const MAX_EXTENSION_BYTES = 4096;

/** A protobuf field of wire type 2 (length-delimited). */
interface Field {
  readonly number: number;
  readonly bytes: Uint8Array;
}

function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let index = offset;
  for (;;) {
    const byte = bytes[index];
    if (byte === undefined || shift > 28) {
      throw new Error('malformed protobuf varint');
    }
    value += (byte & 0x7f) * 2 ** shift;
    index += 1;
    if ((byte & 0x80) === 0) {
      return { value, next: index };
    }
    shift += 7;
  }
}

/**
 * The length-delimited fields of a protobuf message (others are skipped).
 *
 * @param bytes - the message
 * @returns its length-delimited fields in order
 * @throws Error when the bytes are not a protobuf message
 */
export function lengthDelimitedFields(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    offset = tag.next;
    const wireType = tag.value % 8;
    const number = Math.floor(tag.value / 8);
    if (wireType === 0) {
      offset = readVarint(bytes, offset).next;
    } else if (wireType === 1 || wireType === 5) {
      offset += wireType === 1 ? 8 : 4;
    } else if (wireType === 2) {
      const length = readVarint(bytes, offset);
      const end = length.next + length.value;
      if (end > bytes.length) {
        throw new Error('malformed protobuf: field runs past the end');
      }
      fields.push({ number, bytes: bytes.subarray(length.next, end) });
      offset = end;
    } else {
      throw new Error(`malformed protobuf: wire type ${wireType}`);
    }
  }
  if (offset !== bytes.length) {
    throw new Error('malformed protobuf: truncated field');
  }
  return fields;
}

function lastField(bytes: Uint8Array, number: number): Uint8Array | undefined {
  return lengthDelimitedFields(bytes)
    .filter((field) => field.number === number)
    .at(-1)?.bytes;
}

/**
 * @param extension - a ChaincodeHeaderExtension (`chaincode_id` = 2; ChaincodeID `name` = 2)
 * @returns the chaincode name, or undefined when there is none
 */
export function chaincodeNameOfExtension(extension: Uint8Array): string | undefined {
  const chaincodeId = lastField(extension, 2);
  const name = chaincodeId === undefined ? undefined : lastField(chaincodeId, 2);
  return name === undefined || name.length === 0 ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(name);
}

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
    const extension =
      typeof header.getExtension_asU8 === 'function' ? header.getExtension_asU8() : (header.extension ?? undefined);
    if (extension === undefined || extension.length > MAX_EXTENSION_BYTES) {
      return undefined;
    }
    return chaincodeNameOfExtension(extension);
  } catch {
    return undefined;
  }
}

/**
 * Requires a write to a licence of a type with an owning chaincode to come
 * through that chaincode (see the module comment for what Fabric lets a
 * callee know).
 *
 * @param ctx - transaction context
 * @param type - the licence type
 * @param action - what is being done, for the message
 * @throws FORBIDDEN when the transaction's proposal invokes another chaincode (or cannot be read)
 */
export function requireOwningChaincode(ctx: Context, type: LicenseType, action: string): void {
  if (type.owningChaincode === undefined) {
    return;
  }
  const proposed = proposedChaincode(ctx);
  if (proposed !== type.owningChaincode) {
    throw forbidden(
      `${action}: licences of type ${type.code} are written only through chaincode ${type.owningChaincode} (this proposal invokes ${proposed ?? 'an unknown chaincode'})`,
    );
  }
}
