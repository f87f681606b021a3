/** Plain-text tables for the command line. */

/**
 * @param rows - a header row, then the data rows
 * @returns the rows as lines, each column as wide as its widest cell and two spaces from the next
 */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 2))).join(''),
  );
}
