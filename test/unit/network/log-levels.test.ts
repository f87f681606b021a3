import { expect } from 'chai';
import { levelOf, linesAtLeast, parseLogLevel } from '@govchain/network/dist/log-levels';

// One line of each writer, as it appears in .govchain/logs.
const FABRIC_WARN =
  '2026-12-02 08:55:33.305 UTC WARN [gossip.gossip] func1 -> Failed reading messge from 127.0.0.1:7151';
const FABRIC_INFO = '2026-12-02 08:55:33.305 UTC INFO [nodeCmd] serve -> Starting peer:';
const FABRIC_ERRO = '2026-12-02 08:55:34.001 UTC ERRO [core.comm] ServerHandshake -> Server TLS handshake failed';
const SHIM_INFO = '2026-12-02T08:55:41.479Z info  [c-api:./lib/annotations/transaction.js]  @Returns args';
const SHIM_ERROR =
  '2026-12-02T08:55:42.000Z error [c-api:lib/handler.js]  [govchannel-1a2b3c4d] Calling chaincode Invoke() returned error';
const CA_DEBUG = '2026/12/02 08:55:28 [DEBUG] Received request for /api/v1/cainfo';
const CA_WARNING = '2026/12/02 08:55:28 [WARNING] Failed to get DB version';

describe('network:logs --level', function () {
  it("reads the level of Fabric's, fabric-shim's and Fabric CA's lines", function () {
    expect(
      [FABRIC_WARN, FABRIC_INFO, FABRIC_ERRO, SHIM_INFO, SHIM_ERROR, CA_DEBUG, CA_WARNING].map(levelOf),
    ).to.deep.equal(['warn', 'info', 'error', 'info', 'error', 'debug', 'warn']);
  });

  it('finds no level in a continuation line or a line that merely mentions one', function () {
    expect(levelOf(' Version: 3.1.5')).to.equal(undefined);
    expect(levelOf('    at Handler.handle (lib/handler.js:1:1)')).to.equal(undefined);
    expect(levelOf('ERROR: not at the start of a timestamped line')).to.equal(undefined);
    expect(levelOf('2026-12-02 08:55:33.305 UTC SOMETHING [x] y')).to.equal(undefined);
  });

  it('keeps the lines at the level or above, each with its continuation lines', function () {
    const log = [FABRIC_INFO, ' Version: 3.1.5', FABRIC_WARN, FABRIC_ERRO, '    at stack frame', SHIM_INFO, CA_WARNING];
    expect(linesAtLeast(log, 'warn')).to.deep.equal([FABRIC_WARN, FABRIC_ERRO, '    at stack frame', CA_WARNING]);
    expect(linesAtLeast(log, 'error')).to.deep.equal([FABRIC_ERRO, '    at stack frame']);
    expect(linesAtLeast(log, 'debug')).to.deep.equal(log);
  });

  it("takes a level in any case and in Fabric's spelling, and names the levels otherwise", function () {
    expect(['WARN', 'warning', 'ERRO', 'Debug'].map(parseLogLevel)).to.deep.equal(['warn', 'warn', 'error', 'debug']);
    expect(() => parseLogLevel('loud')).to.throw("--level takes one of debug, info, warn, error, fatal; got 'loud'");
  });
});
