import { chaincodeSerializers } from '@govchain/chaincode-common';
import type { Contract } from 'fabric-contract-api';
import { RealEstateContract } from './real-estate-contract';

export { RealEstateContract } from './real-estate-contract';
export * from './models';
export { ROLES, type TransferRoles, requiredSteps, transferRoles } from './departments';
export { CERTIFICATE_TYPE, E_LICENSE_CHAINCODE, IDENTITY_DOCUMENT_TYPE, TRANSFER_REVOCATION_REASON } from './e-license';
export {
  AWAITING_INDEX,
  OWNER_INDEX,
  TRANSFER_DETAIL_COLLECTION,
  applicationKey,
  landUseRightKey,
  privateKey,
  releaseKey,
  stepKey,
  titleKey,
  unitKey,
} from './keys';
export { readPrivateInput } from './private-detail';
export { progressOf } from './progress';
export { WITHDRAWAL_REASON } from './transfer-service';

/** Contracts of the chaincode; the first is the default, so clients call plain function names. */
export const contracts: (typeof Contract)[] = [RealEstateContract];

/** How fabric-shim turns results into response bytes (see JsonTextSerializer: GetMetadata's object result). */
export const serializers = chaincodeSerializers();
