/** The service's own files: written whole (a temporary file renamed over), readable only by their owner. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServiceConfigError } from './errors';

/**
 * Writes a JSON document, with its directory when absent (0700), as a 0600 file.
 *
 * @param file - where
 * @param doc - what
 */
export function writePrivateJson(file: string, doc: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * Reads one of the service's JSON files and checks it, reporting every problem at once.
 *
 * @param file - the file
 * @param problemsOf - what is wrong with the document (none: it is good)
 * @returns the checked document (of the shape `problemsOf` checks), or undefined when the file does not exist
 * @throws ServiceConfigError when it is not JSON, or listing its problems
 */
export function readCheckedJson(file: string, problemsOf: (doc: unknown) => readonly string[]): unknown {
  if (!existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ServiceConfigError(`${file}: not JSON (${(err as Error).message})`);
  }
  const problems = problemsOf(doc);
  if (problems.length > 0) throw new ServiceConfigError(`${file}:\n  ${problems.join('\n  ')}`);
  return doc;
}
