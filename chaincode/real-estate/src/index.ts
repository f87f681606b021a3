// Placeholder until the chaincode lands.
import type { Contract } from 'fabric-contract-api';

export const contracts: (typeof Contract)[] = [];
