#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { publishDepartmentCrl } from './channel-config';
import { NetworkError } from './errors';
import { clean, down, logFiles, status, up, type NetworkStatus } from './network';
import { downDepartment, upDepartment } from './department-host';
import { type LogLevel, linesAtLeast, parseLogLevel } from './log-levels';
import { backupDepartment, restoreDepartment } from './backup';
import { proposeConfig, showConfig, signConfig, submitConfig } from './config-update';
import { addDepartment, removeDepartment } from './membership';
import { lastLines } from './procs';
import { columns } from './columns';

const USAGE = `usage: node network/dist/cli.js <command> [options]
  (npm run network:<command> [-- options])

commands:
  up       [--topology NAME|FILE]  binaries, artefacts, nodes, channel, chaincodes (idempotent)
  up       --no-chaincodes         nodes, channel and profiles only: no chaincode installed,
                                   approved or committed, no chaincode server (for
                                   npm run chaincode -- deploy, as on a network we did not start)
  up       --org KEY               start one department's own nodes on the network that exists (its
                                   CA, ordering nodes, peer, chaincode servers), as on its own host
  down     [--org KEY]             stop only the processes we recorded (of one department with
                                   --org); ledgers are kept
  clean                            down, then remove every generated file
  status   [--json]                each node up/healthy and its block height; chaincodes committed;
                                   exits 1 when anything is stopped, unhealthy or not committed
                                   (each problem on stderr; JSON only on stdout)
  logs     [NODE] [--lines N] [--level L] [--follow]
                                   the last lines of every node's log, or of one node; with
                                   --level (debug, info, warn, error, fatal) only lines at L or above
  crl      DEPARTMENT [--file F]   publish the department's CRL (from F, or generated now by its CA)
                                   to its MSP on the channel, signed by its admin
  add-department FILE [--join snapshot|genesis]
                                   add the department FILE describes (a topology departments entry,
                                   e.g. network/departments/education.yaml) to the running network:
                                   its CA and identities, a channel update signed by a majority of
                                   the admins, its peer joined by snapshot (default) or from the
                                   genesis block, the chaincodes' next definitions, on-ledger
                                   governance; safe to run again
  remove-department KEY            take a department out the same way; its nodes are stopped, its
                                   records stay readable and its files are kept
  backup   DEPT --out FILE         archive a department's node (ledger, keys, CA): its peer stops
                                   for the archive and starts again
  restore  FILE                    put a lost node back from its archive and start it: it rejoins
                                   at the archived height and catches up
  channel-config show [--as DEPT] [--json]
                                   the channel's organizations, majorities and batch settings (or
                                   the whole decoded configuration)
  channel-config propose --out F (--batch-timeout D | --max-message-count N | --config FILE)
                                   write the update from the configuration now to F, unsigned; FILE
                                   is a configuration from show --json, edited (anchor peers, an
                                   organization's root certificates or CRL, consenters, policies)
  channel-config sign F --as ADMIN add ADMIN's signature (a department key, or an ordering
                                   organization such as InfoCenter); says what is still missing
  channel-config submit F --as ADMIN
                                   add ADMIN's signature and submit; refused before anything is
                                   sent when the signatures cannot meet the changed groups' Admins

The topology is GOVCHAIN_TOPOLOGY or --topology (default: default; small for fast loops);
everything generated lives in GOVCHAIN_HOME (default: .govchain).`;

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'network', 'fabric.env'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new NetworkError('cannot find the govchain repository root');
    dir = parent;
  }
  return dir;
}

const log = (line: string): void => {
  process.stderr.write(`network: ${line}\n`);
};

function mb(bytes: number | null): string {
  return bytes === null ? '-' : `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Each orderer's organization, role, view (SmartBFT) and the leader it follows. */
function ordererLines(s: NetworkStatus): string[] {
  const bft = s.consensus === 'bft';
  const rows = [['ORDERER', 'CONSENTER', 'ORGANIZATION', 'ROLE', ...(bft ? ['VIEW'] : []), 'LEADER']];
  for (const n of s.nodes) {
    const c = n.consensus;
    if (!c) continue;
    const view = bft ? [String(c.view ?? '-')] : [];
    rows.push([n.name, String(c.consenterId), n.mspId, c.role ?? '-', ...view, c.leader ?? '-']);
  }
  return columns(rows);
}

/** Each organization's CA server, or a line saying cryptogen made the certificates. */
function caLines(s: NetworkStatus): string[] {
  if (s.cas.length === 0) return ['member services: cryptogen (no CA servers)'];
  const rows = [['CA SERVER', 'ADDRESS', 'PID', 'STATE', 'CLIENTS', 'REVOKED', 'CAS']];
  for (const c of s.cas) {
    const state = !c.running ? 'stopped' : c.healthy ? 'healthy' : 'unhealthy';
    rows.push([
      c.name,
      c.address,
      String(c.pid ?? '-'),
      state,
      String(c.identities?.clients ?? '-'),
      String(c.identities?.revokedCertificates ?? '-'),
      c.caNames.join(', '),
    ]);
  }
  const lines = columns(rows);
  lines.push(
    "(CLIENTS: identities of type client its Admin sees: the CA's bootstrap registrar, User1, clerks; REVOKED: certificates in the CA's CRL)",
  );
  return lines;
}

function printStatus(s: NetworkStatus): void {
  const consensus = s.consensus === 'bft' ? 'SmartBFT' : 'Raft';
  const out: string[] = [
    `topology ${s.topology} (${consensus}, member services ${s.memberServices}), channel ${s.channel}, home ${s.home}`,
  ];
  const nodes = [['NODE', 'ADDRESS', 'PID', 'STATE', 'HEIGHT', 'RSS']];
  for (const n of s.nodes) {
    const state = !n.running ? 'stopped' : n.healthy ? 'healthy' : 'unhealthy';
    nodes.push([n.name, n.address, String(n.pid ?? '-'), state, String(n.height ?? '-'), mb(n.rssBytes)]);
  }
  out.push('', ...columns(nodes));
  out.push('', ...ordererLines(s));
  out.push('', ...caLines(s));
  const chaincodes = [['CHAINCODE', 'VERSION', 'SEQUENCE', 'SERVERS']];
  for (const c of s.chaincodes) {
    const up = c.servers.filter((x) => x.running).length;
    chaincodes.push([
      c.name,
      c.version ?? 'not committed',
      String(c.sequence ?? '-'),
      `${up}/${c.servers.length} running`,
    ]);
  }
  out.push('', ...columns(chaincodes));
  const hostsUp = s.chaincodeHosts.filter((h) => h.running);
  const hostRss = hostsUp.reduce((acc, h) => acc + (h.rssBytes ?? 0), 0);
  out.push(
    `chaincode hosts: ${hostsUp.length}/${s.chaincodeHosts.length} running (one per department), ${mb(hostRss)} resident`,
  );
  out.push('', `memory: ${mb(s.totalRssBytes)} resident now, ${mb(s.totalPeakRssBytes)} summed peaks`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The last `lines` lines of a log file at `level` or above (all levels when undefined). */
function tailOf(file: string, lines: number, level: LogLevel | undefined): string {
  const all = readFileSync(file, 'utf8').split('\n');
  if (all.at(-1) === '') all.pop();
  const kept = level === undefined ? all : linesAtLeast(all, level);
  return kept
    .slice(-lines)
    .map((line) => `${line}\n`)
    .join('');
}

function showLogs(
  root: string,
  node: string | undefined,
  options: { lines: number; follow: boolean; level: LogLevel | undefined },
): void {
  const files = logFiles(root);
  if (files.size === 0) throw new NetworkError('no logs yet: run npm run network:up');
  if (node !== undefined) {
    const file = files.get(node);
    if (!file) throw new NetworkError(`no log for '${node}' (known: ${[...files.keys()].join(', ')})`);
    if (options.follow) {
      if (options.level !== undefined) throw new NetworkError('--follow does not take --level');
      spawn('tail', ['-n', String(options.lines), '-F', file], { stdio: 'inherit' });
      return;
    }
    process.stdout.write(tailOf(file, options.lines, options.level));
    return;
  }
  if (options.follow) throw new NetworkError('--follow needs a NODE');
  for (const [name, file] of files) {
    process.stdout.write(`==> ${name} (${file})\n${tailOf(file, options.lines, options.level)}`);
  }
}

function logLevel(value: string): LogLevel {
  try {
    return parseLogLevel(value);
  } catch (err) {
    throw new NetworkError((err as Error).message);
  }
}

function wholeNumber(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new NetworkError(`${option} takes a whole number`);
  return n;
}

/** `crl DEPARTMENT [--file F]`. */
async function crl(root: string, rest: readonly string[], file: string | undefined): Promise<number> {
  const [department] = rest;
  if (department === undefined || rest.length > 1) {
    process.stderr.write(`network: crl takes one department\n${USAGE}\n`);
    return 2;
  }
  await publishDepartmentCrl(root, department, file, log);
  return 0;
}

/** `add-department FILE [--join snapshot|genesis]`. */
async function addDepartmentCommand(root: string, rest: readonly string[], join: string | undefined): Promise<number> {
  const [file] = rest;
  if (file === undefined || rest.length > 1) {
    process.stderr.write(`network: add-department takes one department file\n${USAGE}\n`);
    return 2;
  }
  if (join !== undefined && join !== 'snapshot' && join !== 'genesis') {
    throw new NetworkError(`--join takes snapshot or genesis, not '${join}'`);
  }
  if (!existsSync(file)) throw new NetworkError(`no department file ${file}`);
  await addDepartment(root, file, join === undefined ? {} : { joinBy: join }, log);
  return 0;
}

/** `remove-department KEY`. */
async function removeDepartmentCommand(root: string, rest: readonly string[]): Promise<number> {
  const [key] = rest;
  if (key === undefined || rest.length > 1) {
    process.stderr.write(`network: remove-department takes one department key\n${USAGE}\n`);
    return 2;
  }
  await removeDepartment(root, key, log);
  return 0;
}

/** Prints the signatures an update needs, or still lacks. */
function printNeeds(lines: readonly string[], header: string): void {
  process.stdout.write(`${[header, ...lines.map((l) => `  ${l}`)].join('\n')}\n`);
}

/** `channel-config propose --out F (--batch-timeout D | --max-message-count N | --config FILE) [--as DEPT]`. */
async function proposeCommand(root: string, values: Values): Promise<number> {
  if (values.out === undefined) throw new NetworkError('channel-config propose needs --out FILE');
  const count = values['max-message-count'];
  if (count !== undefined && !/^[1-9]\d{0,5}$/.test(count)) {
    throw new NetworkError(`--max-message-count takes a whole number from 1, not '${count}'`);
  }
  if (values.config !== undefined && !existsSync(values.config)) {
    throw new NetworkError(`no configuration file ${values.config}`);
  }
  const needs = await proposeConfig(
    root,
    {
      ...(values['batch-timeout'] === undefined ? {} : { batchTimeout: values['batch-timeout'] }),
      ...(count === undefined ? {} : { maxMessageCount: Number(count) }),
      ...(values.config === undefined ? {} : { configFile: values.config }),
    },
    values.out,
    values.as,
  );
  printNeeds(
    needs.map((n) => `${n.what}: ${n.need} of ${n.from.join(', ')}`),
    `wrote ${values.out}; it needs the signatures of`,
  );
  return 0;
}

/** The update file and the administrator of `sign` and `submit`, checked before anything starts. */
function updateFileAndAdmin(action: string, file: string | undefined, as: string | undefined): [string, string] {
  if (file === undefined) throw new NetworkError(`channel-config ${action} takes the update file`);
  if (!existsSync(file)) throw new NetworkError(`no update file ${file}`);
  if (as === undefined) throw new NetworkError(`channel-config ${action} needs --as ADMIN`);
  return [file, as];
}

/** `channel-config show|propose|sign|submit`. */
async function channelConfigCommand(root: string, rest: readonly string[], values: Values): Promise<number> {
  const [action, file, ...extra] = rest;
  if (extra.length > 0) throw new NetworkError(`channel-config takes one file, got ${rest.slice(1).join(' ')}`);
  switch (action) {
    case 'show':
      process.stdout.write(`${await showConfig(root, values.as, values.json)}\n`);
      return 0;
    case 'propose':
      return proposeCommand(root, values);
    case 'sign': {
      const [update, as] = updateFileAndAdmin(action, file, values.as);
      const missing = await signConfig(root, update, as);
      if (missing.length === 0) process.stdout.write(`${update} has every signature it needs: submit it\n`);
      else printNeeds(missing, `signed ${update}; still missing:`);
      return 0;
    }
    case 'submit': {
      const [update, as] = updateFileAndAdmin(action, file, values.as);
      await submitConfig(root, update, as);
      process.stdout.write(`submitted ${update}\n`);
      return 0;
    }
    default:
      process.stderr.write(`network: channel-config takes show, propose, sign or submit\n${USAGE}\n`);
      return 2;
  }
}

/** Prints the status (text or JSON on stdout), each problem on stderr; exit code 1 when there is any. */
async function statusCommand(root: string, json: boolean): Promise<number> {
  const s = await status(root);
  if (json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  else printStatus(s);
  for (const problem of s.problems) log(`status: ${problem}`);
  return s.problems.length === 0 ? 0 : 1;
}

const OPTIONS = {
  topology: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean', default: false },
  lines: { type: 'string', default: '20' },
  follow: { type: 'boolean', default: false },
  level: { type: 'string' },
  file: { type: 'string' },
  join: { type: 'string' },
  as: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  'batch-timeout': { type: 'string' },
  'max-message-count': { type: 'string' },
  org: { type: 'string' },
  'no-chaincodes': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>
>['values'];

type Command = (root: string, rest: readonly string[], values: Values) => Promise<number>;

/** Each command, by name. */
const COMMANDS: Readonly<Record<string, Command>> = {
  up: async (root, rest, values) => {
    noPositionals('up', rest);
    if (values.org !== undefined) {
      if (values.topology !== undefined || values.profile !== undefined) {
        throw new NetworkError(
          'up --org starts a department of the network that exists; --topology is for creating one',
        );
      }
      if (values['no-chaincodes']) throw new NetworkError('up --org takes no --no-chaincodes');
      await upDepartment(root, values.org, log);
    } else {
      await up(root, values.topology ?? values.profile, log, values['no-chaincodes'] ? { chaincodes: false } : {});
    }
    return 0;
  },
  down: async (root, rest, values) => {
    noPositionals('down', rest);
    if (values.org !== undefined) await downDepartment(root, values.org, log);
    else await down(root, log);
    return 0;
  },
  clean: async (root) => {
    await clean(root, log);
    return 0;
  },
  status: (root, _rest, values) => statusCommand(root, values.json),
  logs: (root, rest, values) => {
    showLogs(root, rest[0], {
      lines: wholeNumber(values.lines, '--lines'),
      follow: values.follow,
      level: values.level === undefined ? undefined : logLevel(values.level),
    });
    return Promise.resolve(0);
  },
  crl: (root, rest, values) => crl(root, rest, values.file),
  'add-department': (root, rest, values) => addDepartmentCommand(root, rest, values.join),
  'remove-department': (root, rest) => removeDepartmentCommand(root, rest),
  'channel-config': channelConfigCommand,
  backup: async (root, rest, values) => {
    if (rest.length !== 1 || values.out === undefined) throw new NetworkError('backup takes DEPT --out FILE');
    await backupDepartment(root, rest[0] ?? '', values.out, log);
    return 0;
  },
  restore: async (root, rest) => {
    if (rest.length !== 1) throw new NetworkError('restore takes the archive FILE');
    await restoreDepartment(root, rest[0] ?? '', log);
    return 0;
  },
};

/** Refuses words after a command that takes none (a forgotten `--org`, say). */
function noPositionals(command: string, rest: readonly string[]): void {
  if (rest.length > 0)
    throw new NetworkError(`${command} takes no arguments, got '${rest.join(' ')}' (one department: --org KEY)`);
}

/** Runs one command; 2 for an unknown one. */
function dispatch(root: string, command: string, rest: readonly string[], values: Values): Promise<number> {
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    process.stderr.write(`network: unknown command '${command}'\n${USAGE}\n`);
    return Promise.resolve(2);
  }
  return run(root, rest, values);
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    process.stderr.write(`network: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  return dispatch(repoRoot(), command, rest, values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof NetworkError) {
      process.stderr.write(`network: ${lastLines(err.message, 8)}\n`);
    } else {
      process.stderr.write(
        `network: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exitCode = 1;
  },
);
