#!/usr/bin/env node
/**
 * `node scripts/dist/faults/listener.js OUT CHECKPOINT START_BLOCK`: a department system that follows
 * e-license events through Tax's gateway and records each in OUT (one JSON line per event), resuming from
 * its checkpoint file after a crash. The fault suite kills it with SIGKILL mid-stream and starts it again.
 *
 * followEvents delivers at least once: an event handled just before a crash, whose checkpoint was not yet
 * written, comes again after the restart. The handler is therefore idempotent, as events.ts asks of every
 * department system: an event whose transaction is already in OUT is not recorded again, only counted
 * (a line in OUT.redelivered). The suite then counts lines in OUT per transaction: none may be missing,
 * none twice.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { connectDepartment, followEvents } from '@govchain/gateway-client';

async function main(): Promise<void> {
  const [out, checkpointFile, start] = process.argv.slice(2);
  if (out === undefined || checkpointFile === undefined || start === undefined || !/^\d+$/.test(start)) {
    process.stderr.write('usage: listener.js OUT CHECKPOINT START_BLOCK\n');
    process.exit(2);
  }
  const recorded = new Set(
    existsSync(out)
      ? readFileSync(out, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => (JSON.parse(line) as { transactionId: string }).transactionId)
      : [],
  );
  const connection = await connectDepartment({ department: 'tax', readYourWrites: false });
  const subscription = await followEvents({
    connection,
    chaincodes: ['e-license'],
    checkpointFile,
    startBlock: BigInt(start),
    onEvent: (event) => {
      if (recorded.has(event.transactionId)) {
        appendFileSync(`${out}.redelivered`, `${event.transactionId}\n`);
        return;
      }
      const line = { transactionId: event.transactionId, eventName: event.eventName, block: String(event.blockNumber) };
      appendFileSync(out, `${JSON.stringify(line)}\n`);
      recorded.add(event.transactionId);
    },
  });
  process.once('SIGTERM', () => {
    subscription.close();
  });
  process.stderr.write('listener: following\n');
  await subscription.done;
  connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`listener: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
