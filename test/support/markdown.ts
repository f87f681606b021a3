import { readFileSync } from 'node:fs';

/**
 * The body rows of the first Markdown table under a heading of a file (any
 * level, up to the next heading), each as its trimmed cells. How the chaincode
 * READMEs' "Key-level policies" tables are read by the tests that hold them to
 * what the chaincode sets.
 *
 * @param file - the Markdown file
 * @param heading - the heading's text, e.g. `Key-level policies`
 * @returns the rows below the header and separator lines
 * @throws Error when the heading or its table is missing
 */
export function markdownTable(file: string, heading: string): string[][] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.replace(/^#+ /, '').trim() === heading);
  if (start < 0) throw new Error(`${file} has no "${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const first = section.findIndex((line) => line.startsWith('|'));
  if (first < 0) throw new Error(`the "${heading}" section of ${file} has no table`);
  const table = section.slice(first);
  const after = table.findIndex((line) => !line.startsWith('|'));
  const rows = after < 0 ? table : table.slice(0, after);
  return rows.slice(2).map((line) =>
    line
      .replace(/^\|/, '')
      .replace(/\|\s*$/, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
}

/**
 * @param cell - a table cell
 * @returns the contents of its code spans, in order
 */
export function codeSpans(cell: string | undefined): string[] {
  return [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}
