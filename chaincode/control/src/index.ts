import type { Contract } from 'fabric-contract-api';
import { ControlContract } from './control-contract';

export { ControlContract } from './control-contract';
export const contracts: (typeof Contract)[] = [ControlContract];
