import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// Imported before any Fabric module: fabric-contract-api and fabric-shim read
// their log level once, when their loggers are created.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
process.env.CORE_CHAINCODE_LOGGING_SHIM ??= 'WARNING';

// Unit tests run as an endorser whose governance file (GOVCHAIN_GOVERNANCE_FILE, see
// chaincode/common/src/trust.ts) lists the default topology's ten departments and their roles.

/** The departments of network/topologies/default.yaml, as unit tests' governance file lists them. */
export const UNIT_GOVERNANCE_MSPS = [
  'CivilAffairsMSP',
  'HealthMSP',
  'MarketRegulationMSP',
  'NaturalResourcesMSP',
  'ProvidentFundMSP',
  'PublicSecurityMSP',
  'RealEstateMSP',
  'TaxMSP',
  'TradingCenter2MSP',
  'TradingCenterMSP',
] as const;

/** The departments' roles in network/topologies/default.yaml, as unit tests' governance file lists them. */
export const UNIT_GOVERNANCE_ROLES: Readonly<Record<string, readonly string[]>> = {
  bidderKeyAuthority: ['MarketRegulationMSP'],
  businessRegistry: ['MarketRegulationMSP'],
  healthAuthority: ['HealthMSP'],
  identityAuthority: ['PublicSecurityMSP'],
  landAuthority: ['NaturalResourcesMSP'],
  maritalRegistry: ['CivilAffairsMSP'],
  propertyRegistry: ['RealEstateMSP'],
  providentFund: ['ProvidentFundMSP'],
  regulator: ['MarketRegulationMSP'],
  taxAuthority: ['TaxMSP'],
  tradingCentre: ['TradingCenter2MSP', 'TradingCenterMSP'],
  tradingQualificationAuthority: ['TradingCenterMSP'],
};

if (process.env.GOVCHAIN_GOVERNANCE_FILE === undefined) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'govchain-unit-')), 'governance.json');
  writeFileSync(file, JSON.stringify({ departmentMsps: UNIT_GOVERNANCE_MSPS, roles: UNIT_GOVERNANCE_ROLES }));
  process.env.GOVCHAIN_GOVERNANCE_FILE = file;
}
