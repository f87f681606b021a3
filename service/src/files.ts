/** The service's own files: written whole (a temporary file renamed over), readable only by their owner. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

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
