import type { Contract } from 'fabric-contract-api';
import { RealEstateContract } from './real-estate-contract';

export { RealEstateContract } from './real-estate-contract';
export * from './models';
export {
  CIVIL_AFFAIRS_MSP,
  NATURAL_RESOURCES_MSP,
  PROVIDENT_FUND_MSP,
  PUBLIC_SECURITY_MSP,
  REAL_ESTATE_MSP,
  STEP_DEPARTMENTS,
  STEP_TITLES,
  TAX_MSP,
  requiredSteps,
} from './departments';
export { CERTIFICATE_TYPE, E_LICENSE_CHAINCODE, IDENTITY_DOCUMENT_TYPE, TRANSFER_REVOCATION_REASON } from './e-license';
export {
  AWAITING_INDEX,
  OWNER_INDEX,
  PRIVATE_KINDS,
  TRANSFER_DETAIL_COLLECTION,
  applicationKey,
  landUseRightKey,
  privateKey,
  releaseKey,
  stepKey,
  titleKey,
  unitKey,
} from './keys';
export { type PrivateRecord, PRIVATE_INPUTS } from './private-detail';
export { type ApplicationProgress, type StepProgress, progressOf } from './progress';
export { WITHDRAWAL_REASON } from './transfer-service';

/** Contracts of the chaincode; the first is the default, so clients call plain function names. */
export const contracts: (typeof Contract)[] = [RealEstateContract];
