'use strict';
const { GovchainWorkload } = require('./base');

/**
 * ListLicensesByHolder by Tax for the holder with ten licences that `npm run bench:caliper` issued before the
 * round (argument holderRef). Run it once on a ledger of 1,000 licences and once on 100,000 (load them with
 * `npm run bench`) to compare.
 */
module.exports.createWorkloadModule = () =>
  new GovchainWorkload(function request() {
    return {
      contractId: 'e-license',
      contractFunction: 'ListLicensesByHolder',
      contractArguments: [this.roundArguments.holderRef, '20', ''],
      invokerIdentity: 'User1',
      invokerMspId: 'TaxMSP',
      readOnly: true,
    };
  });
