import { JSONSerializer } from 'fabric-contract-api';

/**
 * fabric-contract-api's JSON serializer, except that an object result becomes its `JSON.stringify` text.
 * The shipped one turns an object into JSON through class-transformer's `classToPlain`, which the
 * class-transformer it resolves (0.4.1, a release that already carries 0.5's renames) no longer exports: every
 * object result failed with "classToPlain is not a function". Our transactions all return JSON text; the one
 * that returns an object is fabric-shim's own `org.hyperledger.fabric:GetMetadata`. Strings, numbers and
 * arguments go through fabric-contract-api's code unchanged.
 */
export class JsonTextSerializer extends JSONSerializer {
  /**
   * @param result - a transaction's result
   * @param schema - the result's schema from the contract metadata
   * @param loggerPrefix - fabric-shim's logging prefix
   * @returns the bytes of the response payload
   */
  override toBuffer(result: unknown, schema?: unknown, loggerPrefix?: string): Buffer {
    if (typeof result === 'object' && result !== null && !Buffer.isBuffer(result)) {
      return Buffer.from(JSON.stringify(result));
    }
    return super.toBuffer(result, schema ?? {}, loggerPrefix);
  }
}

/**
 * What a chaincode's index exports as `serializers`, which fabric-shim's bootstrap uses for every transaction.
 *
 * @returns a fresh serializer table (the bootstrap adds its defaults to the one it is given)
 */
export function chaincodeSerializers(): {
  readonly transaction: string;
  readonly serializers: Record<string, typeof JSONSerializer>;
} {
  return { transaction: 'jsonTextSerializer', serializers: { jsonTextSerializer: JsonTextSerializer } };
}
