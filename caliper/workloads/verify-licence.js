'use strict';
const { FINGERPRINT, GovchainWorkload, idNumber, issueRequest } = require('./base');

/** VerifyLicense by Tax of a licence issued once when the round starts. */
class VerifyLicence extends GovchainWorkload {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    this.licenceId = `CAL-VERIFY-${this.run}-${workerIndex}`;
    await sutAdapter.sendRequests(issueRequest(this.licenceId, idNumber(900 + workerIndex, 0)));
  }
}

module.exports.createWorkloadModule = () =>
  new VerifyLicence(function request() {
    return {
      contractId: 'e-license',
      contractFunction: 'VerifyLicense',
      contractArguments: [this.licenceId, FINGERPRINT, ''],
      invokerIdentity: 'User1',
      invokerMspId: 'TaxMSP',
      readOnly: true,
    };
  });
