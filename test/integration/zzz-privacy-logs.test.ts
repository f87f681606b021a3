/**
 * Runs after every other suite (file order): no personal test data — the ID numbers, names and details
 * registered in test-data.ts by this run and earlier runs on the same ledger — appears in any log the
 * network writes: the chaincode servers' logs at debug level (npm test runs the test network with
 * GOVCHAIN_CHAINCODE_LOGGING=debug), the peers' and the orderers'. Each value is looked for as text, as
 * JSON-escaped text, and in the encodings a logged buffer takes (base64, hex, a list of byte values).
 */
import { readFileSync } from 'node:fs';
import * as chai from 'chai';
import { type GovchainConnection, submit } from '@govchain/gateway-client';
import { logFiles } from '@govchain/network';
import { connectAs, ROOT, uniqueId } from './support';
import { allRegisteredPersonalData } from './test-data';

const { expect } = chai;

/** The forms a value can take in a log line. */
function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    bytes.toString('base64'),
    bytes.toString('hex'),
    Array.from(bytes).join(','),
  ];
}

describe('privacy: no personal data in any log of the network, chaincode debug logs included', function () {
  this.timeout(300_000);

  let logs: Map<string, string>;
  let connection: GovchainConnection;
  let markerTx = '';

  before(async function () {
    connection = await connectAs('health');
    // A transaction of this file's own, endorsed by Health's peer: its id must appear in Health's control
    // server's debug log, proving the scan reads logs that cover this run to its end.
    const written = await submit(connection.getContract('control'), 'Put', {
      arguments: [uniqueId('log-scan'), '{"v":1}'],
      endorsingOrganizations: [connection.mspId, 'TaxMSP'],
    });
    markerTx = written.transactionId;
    logs = new Map([...logFiles(ROOT)].map(([name, file]) => [name, readFileSync(file, 'utf8')]));
  });

  after(function () {
    connection.close();
  });

  it('reads chaincode server logs written at debug level, up to this run’s last transaction', function () {
    // The attack suites' modified servers (`*.rogue`) log at their own level; they are scanned all the same.
    const chaincodeLogs = [...logs].filter(([name]) => name.startsWith('cc-') && !name.endsWith('.rogue'));
    expect(chaincodeLogs.length, 'chaincode server logs').to.be.greaterThan(0);
    // fabric-shim colours its level names (ESC[34mdebug ESC[39m): look past the colour codes.
    const atDebug = chaincodeLogs.filter(([, text]) => /(?:\bdebug|\[\d+mdebug)\b/.test(text));
    expect(
      atDebug.length,
      'chaincode logs with debug lines (run the network with GOVCHAIN_CHAINCODE_LOGGING=debug)',
    ).to.equal(chaincodeLogs.length);
    expect(logs.get('cc-health') ?? '', "Health's chaincode host's log").to.include(markerTx);
  });

  it('finds no registered ID number, name or other personal detail in any log', function () {
    const searched = allRegisteredPersonalData();
    expect(searched.length, 'personal values to look for').to.be.at.least(3);
    const leaks: string[] = [];
    for (const value of searched) {
      for (const form of encodings(value)) {
        for (const [name, text] of logs) {
          if (text.includes(form)) leaks.push(`"${value}" (as "${form}") in ${name}.log`);
        }
      }
    }
    expect(leaks, `personal data in logs (${logs.size} files read)`).to.deep.equal([]);
  });
});
