'use strict';
/**
 * Preload for profiling a chaincode server under load (see BENCHMARKS.md, "How the bounds were found").
 *
 *   GOVCHAIN_CHAINCODE_NODE_ARGS="--require $PWD/scripts/profile/cpu-profile-on-signal.js" npm run network:up
 *
 * The first SIGUSR2 sent to a server's recorded PID starts V8's CPU profiler; the next one stops it and
 * writes <tmpdir>/govchain-cpu-<pid>-<n>.cpuprofile (Chrome DevTools format). Nothing runs until then.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let session;
let count = 0;

process.on('SIGUSR2', () => {
  if (session === undefined) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  const current = session;
  session = undefined;
  current.post('Profiler.stop', (err, result) => {
    if (!err) {
      count += 1;
      const file = path.join(os.tmpdir(), `govchain-cpu-${process.pid}-${count}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
    }
    current.disconnect();
  });
});
