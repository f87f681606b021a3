'use strict';
const { GovchainWorkload, idNumber, issueRequest } = require('./base');

/**
 * ListLicensesByHolder for a holder with ten licences, issued when the round starts. Run it once on a
 * ledger of 1,000 licences and once on 100,000 (load them with `npm run bench`) to compare.
 */
class LicencesByHolder extends GovchainWorkload {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    const holder = idNumber(800 + workerIndex, 0);
    for (let i = 0; i < 10; i++) {
      await sutAdapter.sendRequests(issueRequest(`CAL-Q-${this.run}-${workerIndex}-${i}`, holder));
    }
    const status = await sutAdapter.sendRequests({
      contractId: 'e-license',
      contractFunction: 'ComputeHolderRef',
      contractArguments: [],
      transientMap: { idNumber: Buffer.from(holder) },
      invokerIdentity: 'User1',
      invokerMspId: 'MarketRegulationMSP',
      readOnly: true,
    });
    this.holderRef = JSON.parse(Buffer.from(status.GetResult()).toString('utf8')).holderRef;
  }
}

module.exports.createWorkloadModule = () =>
  new LicencesByHolder(function request() {
    return {
      contractId: 'e-license',
      contractFunction: 'ListLicensesByHolder',
      contractArguments: [this.holderRef, '20', ''],
      invokerIdentity: 'User1',
      invokerMspId: 'TaxMSP',
      readOnly: true,
    };
  });
