#!/usr/bin/env node
/**
 * The main job's story: departments of the city working on one ledger, each through its own peer and
 * identity, using the gateway-client library exactly as a department system would.
 */
import { parseArgs } from 'node:util';
import { isGovchainError } from '@govchain/gateway-client';
import { Departments } from './context';
import { clerkChapter } from './clerk';
import { licenceChapter } from './licence';
import { Narrator } from './narrator';
import { propertyChapter } from './property';
import { tenderChapter } from './tender';

/** The scenario's chapters, in order; `--only licence,…` runs some of them (the licence chapter always). */
const CHAPTERS = ['licence', 'property', 'tender', 'clerk'] as const;
type Chapter = (typeof CHAPTERS)[number];

/**
 * @param argv - the command's arguments: none, or `--only NAME[,NAME…]`
 * @returns the chapters to run
 * @throws Error for an unknown argument or chapter
 */
export function chaptersOf(argv: readonly string[]): ReadonlySet<Chapter> {
  const { values } = parseArgs({ args: [...argv], options: { only: { type: 'string' } } });
  if (values.only === undefined) return new Set(CHAPTERS);
  const asked = values.only.split(',').map((c) => c.trim());
  const unknown = asked.filter((c) => !(CHAPTERS as readonly string[]).includes(c));
  if (unknown.length > 0)
    throw new Error(`--only takes chapters of ${CHAPTERS.join(', ')}; got '${unknown.join(', ')}'`);
  return new Set(['licence', ...asked] as Chapter[]);
}

async function main(chapters: ReadonlySet<Chapter>): Promise<number> {
  const departments = new Departments();
  const narrator = new Narrator(chapters.size);
  narrator.title('govchain — the city departments share records on one Fabric channel');
  try {
    const licence = await licenceChapter(narrator, departments);
    if (chapters.has('property')) await propertyChapter(narrator, departments);
    if (chapters.has('tender')) await tenderChapter(narrator, departments);
    if (chapters.has('clerk')) await clerkChapter(narrator, departments);
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
  let chapters: ReadonlySet<Chapter> | undefined;
  try {
    chapters = chaptersOf(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`scenario: ${(err as Error).message}\n`);
    process.exitCode = 2;
  }
  if (chapters !== undefined) {
    void main(chapters).then((code) => {
      process.exitCode = code;
    });
  }
}
