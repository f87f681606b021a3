import { JsonTextSerializer, chaincodeSerializers } from '@govchain/chaincode-common';
import { expect } from './setup';

describe('JsonTextSerializer', function () {
  const serializer = new JsonTextSerializer();

  it('returns an object result as its JSON text (GetMetadata)', function () {
    const result = { info: { title: 'e-license', version: '0.1.0' }, contracts: {} };
    expect(serializer.toBuffer(result, undefined).toString('utf8')).to.equal(JSON.stringify(result));
  });

  it('returns a string result as its bytes, as fabric-contract-api does', function () {
    expect(serializer.toBuffer('{"a":1}', { type: 'string' }).toString('utf8')).to.equal('{"a":1}');
    expect(() => serializer.toBuffer(7, { type: 'string' })).to.throw(/does not match schema type of string/);
  });

  it('reads a string argument unchanged', function () {
    const fullSchema = { properties: { prop: { type: 'string' } }, components: { schemas: {} } };
    expect(serializer.fromBuffer(Buffer.from('BL-1'), fullSchema)).to.include({ value: 'BL-1' });
  });

  it('is what fabric-shim is told to use for transactions', function () {
    const table = chaincodeSerializers();
    expect(table.serializers[table.transaction]).to.equal(JsonTextSerializer);
    expect(chaincodeSerializers()).not.to.equal(table);
  });
});
