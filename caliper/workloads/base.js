'use strict';
/**
 * Shared parts of the govchain Caliper workload modules: one request builder per workload, so every
 * round calls the chaincode exactly as scripts/src/bench does through the client library.
 */
const { randomBytes } = require('node:crypto');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');

const FINGERPRINT = 'c'.repeat(64);

/** A business licence as Market Regulation issues it (non-personal metadata only). */
function licence(id) {
  return JSON.stringify({
    id,
    type: 'BUSINESS_LICENCE',
    fingerprint: FINGERPRINT,
    metadata: {
      enterpriseName: `Caliper Enterprise ${id}`,
      unifiedSocialCreditCode: '91310000MA1FL8XQ3X',
      businessScope: 'benchmarking',
      registeredCapital: '1',
    },
  });
}

/** A synthetic 18-character ID number, distinct per worker and index (not a real person). */
function idNumber(worker, index) {
  return `98${String(worker).padStart(3, '0')}${String(index).padStart(12, '0')}X`;
}

/**
 * Issue request: Market Regulation's holder-reference grant (requested once by `npm run bench:caliper`,
 * reusable for 24 h), the holder's ID number, name and the client's random salt for the private detail go
 * only into transient data; issuer and Public Security endorse.
 */
function issueRequest(id, holderIdNumber, holderRefGrant) {
  return {
    contractId: 'e-license',
    contractFunction: 'IssueLicense',
    contractArguments: [licence(id)],
    transientMap: {
      holderRefGrant: Buffer.from(holderRefGrant),
      idNumber: Buffer.from(holderIdNumber),
      name: Buffer.from('Caliper Holder'),
      salt: Buffer.from(randomBytes(32).toString('hex')),
    },
    invokerIdentity: 'User1',
    invokerMspId: 'MarketRegulationMSP',
    targetOrganizations: ['MarketRegulationMSP', 'PublicSecurityMSP'],
    readOnly: false,
  };
}

/** A workload module whose rounds call `request(index)` once per transaction. */
class GovchainWorkload extends WorkloadModuleBase {
  constructor(request) {
    super();
    this.request = request;
    this.index = 0;
    this.run = Date.now().toString(36);
  }

  async submitTransaction() {
    this.index += 1;
    await this.sutAdapter.sendRequests(this.request.call(this, this.index));
  }
}

module.exports = { GovchainWorkload, FINGERPRINT, issueRequest, idNumber, licence };
