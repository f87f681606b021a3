import type { Contract } from 'fabric-contract-api';
import { chaincodeSerializers } from '@govchain/chaincode-common';
import { ControlContract } from './control-contract';

export { ControlContract } from './control-contract';
export const contracts: (typeof Contract)[] = [ControlContract];

/** As the other chaincodes: GetMetadata's object result needs the chaincode's serializer (see chaincode-common). */
export const serializers = chaincodeSerializers();
