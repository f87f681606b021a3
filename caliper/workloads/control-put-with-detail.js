'use strict';
const { GovchainWorkload } = require('./base');

/**
 * The control with the platform features an issuance needs: a put, a private detail in the caller's
 * implicit collection (transient) and a key-level policy; the issuer and Public Security endorse.
 */
module.exports.createWorkloadModule = () =>
  new GovchainWorkload(function request(index) {
    return {
      contractId: 'control',
      contractFunction: 'PutWithDetail',
      contractArguments: [`caliper-d-${this.run}-${this.workerIndex}-${index}`, '{"v":1}'],
      transientMap: { detail: Buffer.from(JSON.stringify({ name: 'Caliper Holder', index })) },
      invokerIdentity: 'User1',
      invokerMspId: 'MarketRegulationMSP',
      targetOrganizations: ['MarketRegulationMSP', 'PublicSecurityMSP'],
      readOnly: false,
    };
  });
