import type { CommandDefinition } from '../command';

/** `govchain` commands of the bid-record chaincode. */
export const bidRecordCommands: readonly CommandDefinition[] = [];
