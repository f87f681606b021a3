import { expect } from './setup';
import {
  ChaincodeError,
  conflict,
  errorCodeOf,
  forbidden,
  invalidArgument,
  notFound,
  preconditionFailed,
} from '@govchain/chaincode-common';

describe('errors', () => {
  const factories: [string, (detail: string) => ChaincodeError][] = [
    ['INVALID_ARGUMENT', invalidArgument],
    ['NOT_FOUND', notFound],
    ['FORBIDDEN', forbidden],
    ['CONFLICT', conflict],
    ['PRECONDITION_FAILED', preconditionFailed],
  ];
  for (const [code, factory] of factories) {
    it(`${code} errors read "${code}: detail" and carry the code`, () => {
      const error = factory('licence BL-1 does not exist');
      expect(error).to.be.instanceOf(ChaincodeError).and.instanceOf(Error);
      expect(error.message).to.equal(`${code}: licence BL-1 does not exist`);
      expect(error.code).to.equal(code);
      expect(error.detail).to.equal('licence BL-1 does not exist');
      expect(error.name).to.equal('ChaincodeError');
      expect(errorCodeOf(error.message)).to.equal(code);
    });
  }

  it('errorCodeOf returns undefined for messages without a stable code', () => {
    expect(errorCodeOf('something broke')).to.equal(undefined);
    expect(errorCodeOf('UNKNOWN_CODE: x')).to.equal(undefined);
  });
});
