export { TransferApplication } from './application';
export { Encumbrance, EncumbranceDisposition } from './encumbrance';
export { LandUseRight } from './land-use-right';
export { OwnerShare, compareStrings, readOwnerShares, sameShares } from './owner-share';
export * from './rules';
export { IdentityCheck, TransferStep } from './step';
export { TitleEntry } from './title';
export { PropertyUnit } from './unit';
