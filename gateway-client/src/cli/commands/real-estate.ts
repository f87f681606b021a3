import type { CommandDefinition } from '../command';

/** `govchain` commands of the real-estate chaincode. */
export const realEstateCommands: readonly CommandDefinition[] = [];
