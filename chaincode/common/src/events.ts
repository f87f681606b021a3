import type { Context } from 'fabric-contract-api';
import { marshal } from './marshal';

const EVENT_NAME = /^[A-Z][A-Za-z0-9]{2,63}$/;

/**
 * Emits the transaction's chaincode event. Fabric keeps only the last event set
 * in a transaction, so call this exactly once, after all writes. The payload is
 * canonical JSON and must never carry personal data.
 *
 * @param ctx - transaction context
 * @param name - PascalCase event name, e.g. `LicenseIssued`
 * @param payload - plain data (ids, codes, status, txId)
 * @throws Error when the name is not PascalCase
 */
export function emitEvent(ctx: Context, name: string, payload: Readonly<Record<string, unknown>>): void {
  if (!EVENT_NAME.test(name)) {
    throw new Error(`event name ${JSON.stringify(name)} is not PascalCase`);
  }
  ctx.stub.setEvent(name, marshal(payload));
}
