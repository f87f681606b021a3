#!/usr/bin/env node
/**
 * The main job's story: departments of the city working on one ledger, each through its own peer and
 * identity, using the gateway-client library exactly as a department system would.
 */
import { isGovchainError } from '@govchain/gateway-client';
import { Departments } from './context';
import { clerkChapter } from './clerk';
import { licenceChapter } from './licence';
import { Narrator } from './narrator';
import { propertyChapter } from './property';
import { tenderChapter } from './tender';

async function main(): Promise<number> {
  const departments = new Departments();
  const narrator = new Narrator(4);
  narrator.title('govchain — the city departments share records on one Fabric channel');
  try {
    const licence = await licenceChapter(narrator, departments);
    await propertyChapter(narrator, departments);
    await tenderChapter(narrator, departments);
    await clerkChapter(narrator, departments);
    narrator.summary();
    process.stdout.write(
      `\nVerify the licence from the shell as any department:\n  npx govchain --as tax licence verify ${licence.id} --fingerprint ${licence.fingerprint}\n`,
    );
    return 0;
  } catch (err) {
    if (isGovchainError(err)) {
      process.stderr.write(
        `\nscenario stopped: ${err.code}: ${err.message}${err.transactionId ? ` (transaction ${err.transactionId})` : ''}\n`,
      );
    } else {
      process.stderr.write(`\nscenario stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    return 1;
  } finally {
    await departments.closeAll();
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
