'use strict';
const { GovchainWorkload } = require('./base');

/** The control: a plain get of a key written once when the round starts. */
class ControlGet extends GovchainWorkload {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    this.key = `caliper-get-${this.run}-${workerIndex}`;
    await sutAdapter.sendRequests({
      contractId: 'control',
      contractFunction: 'Put',
      contractArguments: [this.key, '{"v":1}'],
      invokerIdentity: 'User1',
      invokerMspId: 'MarketRegulationMSP',
      readOnly: false,
    });
  }
}

module.exports.createWorkloadModule = () =>
  new ControlGet(function request() {
    return {
      contractId: 'control',
      contractFunction: 'Get',
      contractArguments: [this.key],
      invokerIdentity: 'User1',
      invokerMspId: 'TaxMSP',
      readOnly: true,
    };
  });
