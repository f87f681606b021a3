import type { CommandDefinition } from '../command';

/** `govchain` commands of the e-license chaincode. */
export const eLicenseCommands: readonly CommandDefinition[] = [];
