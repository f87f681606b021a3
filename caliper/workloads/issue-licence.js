'use strict';
const { GovchainWorkload, issueRequest } = require('./base');

/**
 * IssueLicense: a new business licence each time, all to the holder whose grant `npm run bench:caliper`
 * requested (round arguments holderIdNumber, holderRefGrant): a grant is reusable for 24 h, and lookups are
 * rate-limited per department and hour.
 */
module.exports.createWorkloadModule = () =>
  new GovchainWorkload(function request(index) {
    const { holderIdNumber, holderRefGrant } = this.roundArguments;
    return issueRequest(`CAL-${this.run}-${this.workerIndex}-${index}`, holderIdNumber, holderRefGrant);
  });
