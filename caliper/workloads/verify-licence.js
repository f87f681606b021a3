'use strict';
const { FINGERPRINT, GovchainWorkload } = require('./base');

/** VerifyLicense by Tax of the licence `npm run bench:caliper` issued before the round (argument licenceId). */
module.exports.createWorkloadModule = () =>
  new GovchainWorkload(function request() {
    return {
      contractId: 'e-license',
      contractFunction: 'VerifyLicense',
      contractArguments: [this.roundArguments.licenceId, FINGERPRINT, ''],
      invokerIdentity: 'User1',
      invokerMspId: 'TaxMSP',
      readOnly: true,
    };
  });
