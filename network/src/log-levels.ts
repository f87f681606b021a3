/**
 * The level of each line of the network's logs, whatever wrote it — Fabric's peers and orderers
 * (`2026-12-02 08:55:33.305 UTC WARN [gossip] …`), the chaincode servers' fabric-shim
 * (`2026-12-02T08:55:41.479Z info [c-api:…] …`) and Fabric CA (`2026/12/02 08:55:28 [ERROR] …`) — so that
 * `network:logs --level warn` shows what matters. A line with no level of its own (a stack trace, a
 * multi-line message) belongs to the line before it.
 */

/** The levels, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every spelling the three writers use, by level. */
const SPELLINGS: Readonly<Record<string, LogLevel>> = {
  debu: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  erro: 'error',
  error: 'error',
  pani: 'fatal',
  panic: 'fatal',
  fata: 'fatal',
  fatal: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
};

/** A timestamp (digits, `-/:.TZ` and spaces), an optional zone name, then the level, bracketed or not. */
const LEADING_LEVEL = /^\d[\d\-/:.TZ ]*(?:[A-Z]{3,4} )?\[?([A-Za-z]{4,8})\]?(?:\s|$)/;

/**
 * @param line - one log line
 * @returns its level, or undefined when the line does not start with a timestamp and a level
 */
export function levelOf(line: string): LogLevel | undefined {
  const match = LEADING_LEVEL.exec(line);
  return match?.[1] === undefined ? undefined : SPELLINGS[match[1].toLowerCase()];
}

/**
 * @param value - a level as a user types it (any case; Fabric's spellings too)
 * @returns the level
 * @throws Error naming the levels when it is none of them
 */
export function parseLogLevel(value: string): LogLevel {
  const level = SPELLINGS[value.toLowerCase()];
  if (level === undefined) throw new Error(`--level takes one of ${LOG_LEVELS.join(', ')}; got '${value}'`);
  return level;
}

/**
 * @param lines - a log's lines, in order
 * @param least - the least severe level to keep
 * @returns the lines at that level or above, each with the lines that continue it
 */
export function linesAtLeast(lines: readonly string[], least: LogLevel): string[] {
  const floor = LOG_LEVELS.indexOf(least);
  let current: LogLevel = 'info';
  return lines.filter((line) => {
    current = levelOf(line) ?? current;
    return LOG_LEVELS.indexOf(current) >= floor;
  });
}
