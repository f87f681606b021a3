import { expect } from 'chai';
import { columns } from '@govchain/network';

describe('plain-text tables (network:status)', function () {
  it('makes each column as wide as its widest cell, header included, two spaces apart', function () {
    expect(
      columns([
        ['CHAINCODE', 'VERSION', 'SEQUENCE'],
        ['e-license', '0.1.0-e99a86fc88b0.1c0c9b8e', '1'],
        ['bid-record', 'not committed', '-'],
      ]),
    ).to.deep.equal([
      'CHAINCODE   VERSION                      SEQUENCE',
      'e-license   0.1.0-e99a86fc88b0.1c0c9b8e  1',
      'bid-record  not committed                -',
    ]);
  });

  it('leaves the last cell of a row unpadded, and rows shorter than the header short', function () {
    expect(columns([['A', 'B'], ['long cell']])).to.deep.equal(['A          B', 'long cell']);
  });
});
