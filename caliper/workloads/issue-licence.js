'use strict';
const { GovchainWorkload, idNumber, issueRequest } = require('./base');

/** IssueLicense: a new business licence for a new holder each time. */
module.exports.createWorkloadModule = () =>
  new GovchainWorkload(function request(index) {
    return issueRequest(`CAL-${this.run}-${this.workerIndex}-${index}`, idNumber(this.workerIndex, index));
  });
