'use strict';
/**
 * Preload for profiling a chaincode server under load (see docs/performance.md, "How to profile").
 *
 *   GOVCHAIN_CHAINCODE_NODE_ARGS="--require $PWD/scripts/profile/cpu-profile-on-signal.js" npm run network:up
 *
 * The first SIGUSR2 sent to a server's recorded PID starts V8's CPU profiler (sampling every 200 µs); the
 * next one stops it and writes <tmpdir>/govchain-cpu-<pid>-<n>.cpuprofile (Chrome DevTools format) and,
 * beside it, <same>.calls.json: the server's chaincode id and how many times each transaction was called
 * while the profiler ran (counted where fabric-shim dispatches a call), so that
 * `node scripts/dist/bench/profile-report.js` can give CPU per call. Nothing runs until the first signal.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SAMPLING_INTERVAL_MICROS = 200;
const DISPATCH = path.join('fabric-shim', 'lib', 'contract-spi', 'chaincodefromcontract.js');

let session;
let calls;
let count = 0;

/** Counts calls in fabric-shim's dispatch, once it is loaded (it is, by the time anyone sends a signal). */
function countCalls() {
  for (const [file, module] of Object.entries(require.cache)) {
    if (!file.endsWith(DISPATCH)) continue;
    const prototype = module.exports.prototype;
    if (prototype.govchainCounted) continue;
    const dispatch = prototype.invokeFunctionality;
    prototype.invokeFunctionality = function (stub) {
      if (calls !== undefined) {
        const fn = (stub.getBufferArgs()[0] ?? Buffer.alloc(0)).toString();
        calls[fn] = (calls[fn] ?? 0) + 1;
      }
      return dispatch.call(this, stub);
    };
    prototype.govchainCounted = true;
  }
}

process.on('SIGUSR2', () => {
  if (session === undefined) {
    countCalls();
    calls = {};
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_MICROS }, () =>
        session.post('Profiler.start'),
      ),
    );
    return;
  }
  const current = session;
  const counted = calls;
  session = undefined;
  calls = undefined;
  current.post('Profiler.stop', (err, result) => {
    if (!err) {
      count += 1;
      const file = path.join(os.tmpdir(), `govchain-cpu-${process.pid}-${count}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      const id = process.argv.find((arg) => arg.startsWith('--chaincode-id='));
      writeFileSync(
        `${file}.calls.json`,
        JSON.stringify({ chaincodeId: id === undefined ? null : id.slice('--chaincode-id='.length), calls: counted }),
      );
    }
    current.disconnect();
  });
});
