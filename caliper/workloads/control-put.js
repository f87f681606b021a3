'use strict';
const { GovchainWorkload } = require('./base');

/** The control: a plain put of a small JSON value under a new key. */
module.exports.createWorkloadModule = () =>
  new GovchainWorkload(function request(index) {
    return {
      contractId: 'control',
      contractFunction: 'Put',
      contractArguments: [`caliper-${this.run}-${this.workerIndex}-${index}`, '{"v":1}'],
      invokerIdentity: 'User1',
      invokerMspId: 'MarketRegulationMSP',
      readOnly: false,
    };
  });
