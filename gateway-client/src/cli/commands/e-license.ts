/**
 * `govchain` commands of the e-license chaincode: `licence …` (registry and lifecycle), `holder …` (the
 * holder's wallet key and what it signs), `consent …` (relaying signed consents) and `detail …` (consented
 * reads of personal detail). Built on {@link eLicenseClient}.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import {
  type ConsentPayload,
  type ELicenseClient,
  type ELicensePage,
  type ELicensePageRequest,
  type ELicenseSubmitOptions,
  type ELicenseSubmitResult,
  HOLDER_REF_PURPOSES,
  type HolderConsent,
  type HolderKeyBinding,
  type HolderKeyBindingPayload,
  type HolderRefPurpose,
  type License,
  type LicenseDetailAccess,
  type LicenseHolder,
  type LicenseTypeInput,
  type NewLicense,
  type SignedConsent,
  type SignedHolderKeyBinding,
  type SignedWithdrawal,
  type WithdrawalPayload,
  buildConsent,
  buildWithdrawal,
  eLicenseClient,
  generateHolderKeyPair,
  signConsent,
  signHolderKeyBinding,
  signWithdrawal,
} from '../../clients/e-license';
import { fingerprintFile } from '../../fingerprint';
import type { CommandContext, CommandDefinition, OptionDefinition } from '../command';
import { ExitCode, UsageError } from '../exit-codes';
import type { CommandResult } from '../output';

// ------------------------------------------------------------------------------------------ helpers

function arg(context: CommandContext, name: string): string {
  const value = context.args[name];
  if (typeof value !== 'string') {
    throw new UsageError(`missing argument <${name}>`);
  }
  return value;
}

function argList(context: CommandContext, name: string): string[] {
  const value = context.args[name];
  if (value === undefined) {
    return [];
  }
  return typeof value === 'string' ? [value] : [...value];
}

function flag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function opt(context: CommandContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

function required(context: CommandContext, name: string): string {
  const value = opt(context, name);
  if (value === undefined || value === '') {
    throw new UsageError(`missing required option ${flag(name)}`);
  }
  return value;
}

function optList(context: CommandContext, name: string): string[] {
  const value = context.options[name];
  return Array.isArray(value) ? value.map(String) : [];
}

/** Exactly one of the named options; returns its name and value. */
function exactlyOne(context: CommandContext, names: readonly string[]): [string, string] {
  const given = names.filter((name) => opt(context, name) !== undefined);
  if (given.length !== 1 || given[0] === undefined) {
    throw new UsageError(`give exactly one of ${names.map(flag).join(', ')}`);
  }
  return [given[0], opt(context, given[0]) ?? ''];
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new UsageError(`${what} must be a JSON object of strings`);
  }
  return value as Record<string, string>;
}

/** `--document <file>` or `--fingerprint <hex>`: the document's SHA-256. */
async function documentFingerprint(context: CommandContext): Promise<string> {
  const [which, value] = exactlyOne(context, ['document', 'fingerprint']);
  if (which === 'fingerprint') {
    return value;
  }
  try {
    return await fingerprintFile(value);
  } catch (err) {
    throw new UsageError(`cannot read document ${value}: ${(err as Error).message}`);
  }
}

function pageRequest(context: CommandContext): ELicensePageRequest {
  const size = opt(context, 'pageSize');
  const bookmark = opt(context, 'bookmark');
  return {
    ...(size === undefined ? {} : { pageSize: Number(size) }),
    ...(bookmark === undefined ? {} : { bookmark }),
  };
}

function submitOptions(context: CommandContext): ELicenseSubmitOptions {
  const endorsers = optList(context, 'endorseWith');
  return endorsers.length > 0 ? { endorsingOrganizations: endorsers } : {};
}

/** A time option: ISO-8601 UTC as given, or `+<n>d|h|m` from now. */
function timeOption(value: string): string {
  const relative = /^\+(\d+)([dhm])$/.exec(value);
  if (relative === null) {
    return value;
  }
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
  return new Date(Date.now() + Number(relative[1]) * unit).toISOString();
}

async function client(context: CommandContext): Promise<ELicenseClient> {
  return eLicenseClient(await context.connect());
}

function committed<T>(key: string, outcome: ELicenseSubmitResult<T>, summary: string[]): CommandResult {
  return {
    data: { [key]: outcome.result, transactionId: outcome.transactionId, blockNumber: outcome.blockNumber.toString() },
    text: [...summary, `transaction ${outcome.transactionId} committed in block ${outcome.blockNumber.toString()}`],
  };
}

function describeLicense(licence: License): string[] {
  const lines = [
    `licence ${licence.id} (${licence.type}) ${licence.status}${licence.statusReason === '' ? '' : ` [${licence.statusReason}]`}`,
    `  issuer       ${licence.issuerMsp}`,
    `  holder ref   ${licence.holderRef}`,
    `  fingerprint  ${licence.fingerprint}`,
    `  valid        ${licence.validFrom} – ${licence.validUntil === '' ? '(no expiry)' : licence.validUntil}`,
  ];
  const metadata = Object.entries(licence.metadata).sort(([a], [b]) => (a < b ? -1 : 1));
  const width = Math.max(12, ...metadata.map(([name]) => name.length));
  for (const [name, value] of metadata) {
    lines.push(`  ${name.padEnd(width)} ${value}`);
  }
  if (licence.predecessorId !== '') lines.push(`  predecessor  ${licence.predecessorId}`);
  if (licence.successorId !== '') lines.push(`  successor    ${licence.successorId}`);
  lines.push(`  updated      ${licence.updatedAt} by ${licence.updatedByMsp} (tx ${licence.txId})`);
  return lines;
}

function describeHolderKey(key: HolderKeyBinding): string {
  return `key ${key.fingerprint} version ${key.keyVersion.toString()} bound by ${key.boundByMsp} at ${key.boundAt}`;
}

function describeConsent(consent: HolderConsent): string {
  const scope = consent.licenceId === '' ? `type ${consent.licenceType}` : `licence ${consent.licenceId}`;
  return `consent ${consent.consentId} ${consent.status} → ${consent.granteeMsp} for ${scope} until ${consent.expiresAt}: ${consent.purpose}`;
}

function describeAccess(access: LicenseDetailAccess): string {
  return `${access.accessedAt} ${access.accessorMsp} read licence ${access.licenceId} under consent ${access.consentId} (access ${access.accessId}): ${access.purpose}`;
}

function pageResult<T>(page: ELicensePage<T>, describe: (record: T) => string): CommandResult {
  const lines = page.records.length === 0 ? ['(none)'] : page.records.map(describe);
  if (page.bookmark !== '') {
    lines.push(`more: --bookmark ${page.bookmark}`);
  }
  return { data: { ...page }, text: lines };
}

// ---------------------------------------------------------------------------------- shared options

const endorseWith: OptionDefinition = {
  flags: '--endorse-with <mspId>',
  description: 'organization that must endorse, repeatable (default: this department and a partner)',
  repeatable: true,
};
const documentOptions: readonly OptionDefinition[] = [
  { flags: '--document <file>', description: 'the document file (its SHA-256 is used)' },
  { flags: '--fingerprint <hex>', description: 'the SHA-256 of the document, 64 hex characters' },
];
const pageOptions: readonly OptionDefinition[] = [
  { flags: '--page-size <n>', description: 'records per page, 1–100 (default 20)', integer: { min: 1, max: 100 } },
  { flags: '--bookmark <bookmark>', description: 'bookmark printed with the previous page' },
];
const newLicenceOptions: readonly OptionDefinition[] = [
  { flags: '--id <id>', description: 'id of the new licence' },
  { flags: '--type <code>', description: 'licence-type code, e.g. BUSINESS_LICENCE' },
  ...documentOptions,
  { flags: '--metadata <json>', description: 'non-personal metadata, a JSON object of strings' },
  { flags: '--metadata-file <file>', description: 'the metadata from a JSON file' },
  { flags: '--valid-from <time>', description: 'start of validity, ISO-8601 UTC (default: now)' },
  { flags: '--valid-until <time>', description: "end of validity, ISO-8601 UTC (default: the type's validity)" },
  { flags: '--holder-id <idNumber>', description: "holder's ID number (sent only as transient data)" },
  { flags: '--holder-name <name>', description: "holder's name (sent only as transient data)" },
  { flags: '--detail <json>', description: 'further personal detail, a JSON object of strings (transient only)' },
  endorseWith,
];
const reasonOptions: readonly OptionDefinition[] = [
  { flags: '--reason <CODE>', description: 'upper-case reason code, e.g. COURT_ORDER' },
  { flags: '--effective-at <time>', description: 'when it takes effect, ISO-8601 UTC (default: now)' },
  endorseWith,
];

async function readMetadata(context: CommandContext): Promise<Record<string, string>> {
  const inline = opt(context, 'metadata');
  const file = opt(context, 'metadataFile');
  if (inline !== undefined && file !== undefined) {
    throw new UsageError('give at most one of --metadata, --metadata-file');
  }
  if (inline === undefined && file === undefined) {
    return {};
  }
  const text = inline ?? (await readText(file ?? '', 'metadata file'));
  return stringMap(parseJsonText(text, 'metadata'), 'metadata');
}

function readHolder(context: CommandContext): LicenseHolder {
  const idNumber = required(context, 'holderId');
  const name = required(context, 'holderName');
  const detail = opt(context, 'detail');
  return {
    idNumber,
    name,
    ...(detail === undefined ? {} : { detail: stringMap(parseJsonText(detail, '--detail'), '--detail') }),
  };
}

/** Everything of a new licence except its type (which renew/replace may take from the predecessor). */
async function readNewLicence(context: CommandContext): Promise<Omit<NewLicense, 'type'> & { holder: LicenseHolder }> {
  const id = required(context, 'id');
  const holder = readHolder(context);
  const fingerprint = await documentFingerprint(context);
  const metadata = await readMetadata(context);
  const validFrom = opt(context, 'validFrom');
  const validUntil = opt(context, 'validUntil');
  return {
    id,
    fingerprint,
    metadata,
    holder,
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validUntil === undefined ? {} : { validUntil }),
  };
}

// ------------------------------------------------------------------------------------------ licence

const issue: CommandDefinition = {
  name: 'licence issue',
  description: 'issue a licence of a type this department issues (holder ID number and name stay off the ledger)',
  options: newLicenceOptions,
  async run(context) {
    const type = required(context, 'type');
    const draft = await readNewLicence(context);
    const outcome = await (await client(context)).issueLicense({ ...draft, type }, submitOptions(context));
    return committed('licence', outcome, describeLicense(outcome.result));
  },
};

async function supersede(context: CommandContext, kind: 'renew' | 'replace'): Promise<CommandResult> {
  const predecessorId = arg(context, 'predecessor');
  const reasonCode = kind === 'replace' ? required(context, 'reason') : '';
  const draft = await readNewLicence(context);
  const licences = await client(context);
  const type = opt(context, 'type') ?? (await licences.getLicense(predecessorId)).type;
  const input = { ...draft, type, predecessorId };
  const outcome =
    kind === 'renew'
      ? await licences.renewLicense(input, submitOptions(context))
      : await licences.replaceLicense({ ...input, reasonCode }, submitOptions(context));
  return committed('licence', outcome, [
    ...describeLicense(outcome.result),
    `licence ${predecessorId} is now SUPERSEDED by ${outcome.result.id}`,
  ]);
}

const renew: CommandDefinition = {
  name: 'licence renew',
  description: 'renew an ACTIVE licence: a new licence for the same holder; the old one becomes SUPERSEDED',
  arguments: [{ name: 'predecessor', description: 'id of the licence being renewed' }],
  options: newLicenceOptions,
  run: (context) => supersede(context, 'renew'),
};

const replace: CommandDefinition = {
  name: 'licence replace',
  description: 'replace an ACTIVE licence (lost, corrected…), recording a reason on the old one',
  arguments: [{ name: 'predecessor', description: 'id of the licence being replaced' }],
  options: [{ flags: '--reason <CODE>', description: 'upper-case reason code, e.g. LOST' }, ...newLicenceOptions],
  run: (context) => supersede(context, 'replace'),
};

const verifyCommand: CommandDefinition = {
  name: 'licence verify',
  description: `compare a document with the ledger; exits ${ExitCode.NEGATIVE} when the result is not VALID`,
  arguments: [{ name: 'id', description: 'licence id' }],
  options: [...documentOptions, { flags: '--at <time>', description: 'judge at this time, ISO-8601 UTC' }],
  async run(context) {
    const licenceId = arg(context, 'id');
    const fingerprint = await documentFingerprint(context);
    const at = opt(context, 'at');
    const verification = await (
      await client(context)
    ).verifyLicense({
      licenceId,
      fingerprint,
      ...(at === undefined ? {} : { atTime: at }),
    });
    const detail = [
      verification.issuerMsp === '' ? '' : ` issued by ${verification.issuerMsp}`,
      verification.type === '' ? '' : ` (${verification.type})`,
      verification.successorId === '' ? '' : `, superseded by ${verification.successorId}`,
    ].join('');
    return {
      data: { verification },
      text: [`${verification.result}: licence ${licenceId}${detail}, checked at ${verification.checkedAt}`],
      ...(verification.result === 'VALID' ? {} : { exitCode: ExitCode.NEGATIVE }),
    };
  },
};

function statusCommand(verb: 'suspend' | 'reinstate' | 'revoke'): CommandDefinition {
  const descriptions = {
    suspend: 'suspend an ACTIVE licence (issuer only)',
    reinstate: 'reinstate a SUSPENDED licence (issuer only)',
    revoke: 'revoke a licence; revocation is final (issuer only)',
  };
  return {
    name: `licence ${verb}`,
    description: descriptions[verb],
    arguments: [{ name: 'id', description: 'licence id' }],
    options: reasonOptions,
    async run(context) {
      const licenceId = arg(context, 'id');
      const reasonCode = required(context, 'reason');
      const effectiveAt = opt(context, 'effectiveAt');
      const change = { licenceId, reasonCode, ...(effectiveAt === undefined ? {} : { effectiveAt }) };
      const licences = await client(context);
      const options = submitOptions(context);
      const outcome =
        verb === 'suspend'
          ? await licences.suspendLicense(change, options)
          : verb === 'reinstate'
            ? await licences.reinstateLicense(change, options)
            : await licences.revokeLicense(change, options);
      return committed('licence', outcome, describeLicense(outcome.result));
    },
  };
}

const show: CommandDefinition = {
  name: 'licence show',
  description: 'show the public record of a licence',
  arguments: [{ name: 'id', description: 'licence id' }],
  async run(context) {
    const licence = await (await client(context)).getLicense(arg(context, 'id'));
    return { data: { licence }, text: describeLicense(licence) };
  },
};

const history: CommandDefinition = {
  name: 'licence history',
  description: 'every change of a licence, newest first, with submitter, transaction and time',
  arguments: [{ name: 'id', description: 'licence id' }],
  async run(context) {
    const entries = await (await client(context)).getLicenseHistory(arg(context, 'id'));
    return {
      data: { history: entries },
      text: entries.map(
        (e) =>
          `${e.timestamp}  ${e.submitterMsp.padEnd(20)}  ${(e.value?.status ?? 'DELETED').padEnd(10)}  ${e.value?.statusReason ?? ''}  tx ${e.txId}`,
      ),
    };
  },
};

const list: CommandDefinition = {
  name: 'licence list',
  description: 'list licences by holder, issuer or type, one page at a time',
  options: [
    { flags: '--holder-ref <ref>', description: 'holder reference (64 hex)' },
    {
      flags: '--holder-id <idNumber>',
      description: "holder ID number (resolved through a logged, rate-limited grant from Public Security's peer)",
    },
    { flags: '--issuer <mspId>', description: 'issuing department' },
    { flags: '--type <code>', description: 'licence-type code' },
    ...pageOptions,
  ],
  async run(context) {
    const [by, value] = exactlyOne(context, ['holderRef', 'holderId', 'issuer', 'type']);
    const page = pageRequest(context);
    const licences = await client(context);
    let result: ELicensePage<License>;
    if (by === 'issuer') {
      result = await licences.listLicensesByIssuer(value, page);
    } else if (by === 'type') {
      result = await licences.listLicensesByType(value, page);
    } else {
      const holderRef = by === 'holderRef' ? value : (await licences.requestHolderRef(value, 'QUERY_HOLDER')).holderRef;
      result = await licences.listLicensesByHolder(holderRef, page);
    }
    return pageResult(result, (l) => `${l.id}  ${l.type}  ${l.status}  ${l.issuerMsp}  ${l.validFrom}`);
  },
};

const types: CommandDefinition = {
  name: 'licence types',
  description: 'list the licence-type registry, or show one type',
  arguments: [{ name: 'code', description: 'licence-type code', optional: true }],
  async run(context) {
    const licences = await client(context);
    const code = context.args.code;
    if (typeof code === 'string') {
      const type = await licences.getLicenseType(code);
      return { data: { type }, text: [JSON.stringify(type, null, 2)] };
    }
    const registry = await licences.listLicenseTypes();
    return {
      data: { registry },
      text: [
        `departments: ${registry.governanceMsps.join(', ')}`,
        ...registry.types.map((t) => `${t.code.padEnd(40)} ${t.issuerMsp.padEnd(22)} ${t.name}`),
      ],
    };
  },
};

const putType: CommandDefinition = {
  name: 'licence put-type',
  description: 'add or change a licence type (a majority of the departments endorse)',
  arguments: [{ name: 'file', description: 'JSON file of the licence type' }],
  options: [endorseWith],
  async run(context) {
    const json = parseJsonText(await readText(arg(context, 'file'), 'licence type'), 'licence type');
    if (!isRecord(json)) {
      throw new UsageError('the licence type must be a JSON object');
    }
    const outcome = await (
      await client(context)
    ).putLicenseType(json as unknown as LicenseTypeInput, submitOptions(context));
    return committed('type', outcome, [`licence type ${outcome.result.code} → ${outcome.result.issuerMsp}`]);
  },
};

const setGovernance: CommandDefinition = {
  name: 'licence set-governance',
  description: 'replace the list of governance departments (a majority of the current ones endorse)',
  arguments: [{ name: 'msps', description: 'department MSP ids', variadic: true }],
  options: [endorseWith],
  async run(context) {
    const msps = argList(context, 'msps');
    const outcome = await (await client(context)).setGovernanceMsps(msps, submitOptions(context));
    return committed('registry', outcome, [`departments: ${outcome.result.governanceMsps.join(', ')}`]);
  },
};

// ------------------------------------------------------------------------------------------- holder

const keygen: CommandDefinition = {
  name: 'holder keygen',
  description: "create a holder's P-256 wallet key pair (Public Security binds it: `holder bind`)",
  options: [
    { flags: '--private-key <file>', description: 'where to write the private key (PKCS#8 PEM, mode 0600)' },
    { flags: '--public-key <file>', description: 'where to write the public key (PEM); default <private-key>.pub' },
  ],
  async run(context) {
    const privateFile = required(context, 'privateKey');
    const publicFile = opt(context, 'publicKey') ?? `${privateFile}.pub`;
    const pair = generateHolderKeyPair();
    try {
      await writeFile(privateFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
      await writeFile(publicFile, pair.publicKeyPem, { flag: 'wx' });
    } catch (err) {
      throw new UsageError(`cannot write the key files: ${(err as Error).message}`);
    }
    return {
      data: {
        privateKeyFile: privateFile,
        publicKeyFile: publicFile,
        publicKeyPem: pair.publicKeyPem,
        fingerprint: pair.fingerprint,
      },
      text: [`private key: ${privateFile}`, `public key:  ${publicFile}`, `fingerprint: ${pair.fingerprint}`],
    };
  },
};

const holderRef: CommandDefinition = {
  name: 'holder ref',
  description:
    "resolve an ID number into a holder reference: a grant from Public Security's peer (logged, rate-limited; the ID number stays off the ledger)",
  options: [
    { flags: '--holder-id <idNumber>', description: "the holder's ID number" },
    {
      flags: '--purpose <code>',
      description: `why: ${HOLDER_REF_PURPOSES.join(', ')} (default QUERY_HOLDER)`,
    },
  ],
  async run(context) {
    const idNumber = required(context, 'holderId');
    const purpose = opt(context, 'purpose') ?? 'QUERY_HOLDER';
    if (!(HOLDER_REF_PURPOSES as readonly string[]).includes(purpose)) {
      throw new UsageError(`--purpose must be one of ${HOLDER_REF_PURPOSES.join(', ')}`);
    }
    const grant = await (await client(context)).requestHolderRef(idNumber, purpose as HolderRefPurpose);
    return {
      data: { ...grant },
      text: [grant.holderRef, `grant ${grant.grantId} (${grant.purpose}), valid until ${grant.expiresAt}`],
    };
  },
};

const holderGrants: CommandDefinition = {
  name: 'holder grants',
  description: "the audit log of a department's holder-reference lookups in one hour (no references)",
  options: [
    { flags: '--department <mspId>', description: 'the department audited' },
    { flags: '--hour <YYYY-MM-DDTHH>', description: 'the hour, UTC' },
  ],
  async run(context) {
    const department = required(context, 'department');
    const hour = required(context, 'hour');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(hour)) {
      throw new UsageError('--hour must be YYYY-MM-DDTHH (UTC)');
    }
    const log = await (await client(context)).listHolderRefGrants(department, hour);
    return {
      data: { ...log },
      text: [
        `${log.count} grant(s) to ${log.grantedToMsp} in ${log.hour}`,
        ...log.grants.map((g) => `${g.at}  ${g.purpose}  ${g.grantId}  ${g.requestedBy}`),
      ],
    };
  },
};

const holderKey: CommandDefinition = {
  name: 'holder key',
  description: 'show the public key bound to a holder',
  arguments: [{ name: 'holderRef', description: 'holder reference (64 hex)' }],
  async run(context) {
    const key = await (await client(context)).getHolderKey(arg(context, 'holderRef'));
    return { data: { holderKey: key }, text: [describeHolderKey(key)] };
  },
};

function keyVersionOption(context: CommandContext): number | undefined {
  const value = opt(context, 'keyVersion');
  if (value === undefined) {
    return undefined;
  }
  if (!/^[1-9]\d{0,6}$/.test(value)) {
    throw new UsageError(`--key-version must be a positive integer, got "${value}"`);
  }
  return Number(value);
}

function signBinding(key: string, holderRefValue: string, keyVersion: number): SignedHolderKeyBinding {
  try {
    return signHolderKeyBinding(key, { holderRef: holderRefValue, keyVersion });
  } catch (err) {
    throw err instanceof TypeError ? new UsageError(err.message) : err;
  }
}

const signBindingCommand: CommandDefinition = {
  name: 'holder sign-binding',
  description:
    "sign a key binding with the holder's key (its proof of possession), offline; prints {binding, signature} for `holder bind --signed`",
  options: [
    { flags: '--holder-key <file>', description: "the holder's private key PEM, the key being bound" },
    { flags: '--holder-ref <ref>', description: 'holder reference (64 hex), from Public Security' },
    {
      flags: '--key-version <n>',
      description: "1 for the holder's first key, the current version + 1 to rotate",
      integer: { min: 1, max: 9_999_999 },
    },
  ],
  async run(context) {
    const key = await holderPrivateKey(context);
    const signed = signBinding(key, required(context, 'holderRef'), keyVersionOption(context) ?? 1);
    return { data: { ...signed }, text: [JSON.stringify(signed, null, 2)] };
  },
};

async function readSignedBinding(file: string): Promise<SignedHolderKeyBinding> {
  const json = parseJsonText(await readText(file, 'signed file'), 'signed file');
  if (!isRecord(json) || typeof json.signature !== 'string' || !isRecord(json.binding)) {
    throw new UsageError('the signed file must be {"binding": {...}, "signature": "<hex>"}');
  }
  return { binding: json.binding as unknown as HolderKeyBindingPayload, signature: json.signature };
}

/** `holder bind` / `holder rotate`: Public Security binds the key the holder signed for. */
async function bindCommand(context: CommandContext, kind: 'bind' | 'rotate'): Promise<CommandResult> {
  const idNumber = required(context, 'holderId');
  const signedFile = opt(context, 'signed');
  // Every usage check before connecting.
  const fromFile = signedFile === undefined ? undefined : await readSignedBinding(signedFile);
  const key = fromFile === undefined ? await holderPrivateKey(context) : undefined;
  const version = keyVersionOption(context);
  const licences = await client(context);
  const grant = await licences.requestHolderRef(idNumber, 'BIND_HOLDER_KEY');
  let signed = fromFile;
  if (signed === undefined) {
    const current = kind === 'rotate' ? (await licences.getHolderKey(grant.holderRef)).keyVersion : 0;
    signed = signBinding(key ?? '', grant.holderRef, version ?? current + 1);
  }
  const input = { holderRefGrant: grant.grantId, signed };
  const outcome =
    kind === 'bind'
      ? await licences.bindHolderKey(input, submitOptions(context))
      : await licences.rotateHolderKey(input, submitOptions(context));
  return committed('holderKey', outcome, [describeHolderKey(outcome.result)]);
}

const bindOptions: readonly OptionDefinition[] = [
  { flags: '--holder-id <idNumber>', description: "the holder's ID number, as identified (transient data only)" },
  { flags: '--signed <file>', description: 'output of `holder sign-binding`' },
  { flags: '--holder-key <file>', description: "or sign here: the holder's private key PEM" },
  {
    flags: '--key-version <n>',
    description: 'with --holder-key: the version to create (default: the next)',
    integer: { min: 1, max: 9_999_999 },
  },
  endorseWith,
];

const bind: CommandDefinition = {
  name: 'holder bind',
  description: "bind a holder's first key, with its proof of possession (Public Security only)",
  options: bindOptions,
  run: (context) => bindCommand(context, 'bind'),
};

const rotate: CommandDefinition = {
  name: 'holder rotate',
  description: "replace a holder's lost or compromised key with a new one (Public Security only)",
  options: bindOptions,
  run: (context) => bindCommand(context, 'rotate'),
};

const consentOptions: readonly OptionDefinition[] = [
  { flags: '--holder-key <file>', description: "the holder's private key PEM (from `holder keygen`)" },
  { flags: '--holder-ref <ref>', description: 'holder reference (64 hex)' },
  { flags: '--grantee <mspId>', description: 'department the consent is granted to' },
  { flags: '--licence <id>', description: 'scope: this licence' },
  { flags: '--licence-type <code>', description: "scope: all the holder's licences of this type" },
  { flags: '--purpose <text>', description: 'purpose, no personal data' },
  { flags: '--expires <time>', description: 'end of the consent: ISO-8601 UTC, or +<n>d / +<n>h / +<n>m from now' },
  { flags: '--consent-id <id>', description: 'consent id (default: generated)' },
];

async function holderPrivateKey(context: CommandContext): Promise<string> {
  return readText(required(context, 'holderKey'), 'holder private key');
}

function consentFromOptions(context: CommandContext, holderRefValue: string): ConsentPayload {
  const [scope, value] = exactlyOne(context, ['licence', 'licenceType']);
  try {
    return buildConsent({
      consentId: opt(context, 'consentId') ?? `C-${randomBytes(9).toString('base64url')}`,
      holderRef: holderRefValue,
      granteeMsp: required(context, 'grantee'),
      purpose: required(context, 'purpose'),
      expiresAt: timeOption(required(context, 'expires')),
      ...(scope === 'licence' ? { licenceId: value } : { licenceType: value }),
    });
  } catch (err) {
    throw err instanceof TypeError ? new UsageError(err.message) : err;
  }
}

const signConsentCommand: CommandDefinition = {
  name: 'holder sign-consent',
  description:
    "sign a consent with the holder's key, offline; prints {consent, signature} for `consent grant --signed`",
  options: consentOptions,
  async run(context) {
    const key = await holderPrivateKey(context);
    const signed = signConsent(key, consentFromOptions(context, required(context, 'holderRef')));
    return { data: { ...signed }, text: [JSON.stringify(signed, null, 2)] };
  },
};

const signWithdrawalCommand: CommandDefinition = {
  name: 'holder sign-withdrawal',
  description: "sign the withdrawal of a consent with the holder's key, offline",
  arguments: [{ name: 'consentId', description: 'consent id' }],
  options: [
    { flags: '--holder-key <file>', description: "the holder's private key PEM" },
    { flags: '--holder-ref <ref>', description: 'holder reference (64 hex)' },
  ],
  async run(context) {
    const key = await holderPrivateKey(context);
    const withdrawal = buildWithdrawal({
      consentId: arg(context, 'consentId'),
      holderRef: required(context, 'holderRef'),
    });
    const signed = signWithdrawal(key, withdrawal);
    return { data: { ...signed }, text: [JSON.stringify(signed, null, 2)] };
  },
};

// ------------------------------------------------------------------------------------------ consent

async function readSigned(file: string): Promise<{ payload: Record<string, unknown>; signature: string }> {
  const json = parseJsonText(await readText(file, 'signed file'), 'signed file');
  if (!isRecord(json) || typeof json.signature !== 'string') {
    throw new UsageError('the signed file must be {"consent"|"withdrawal": {...}, "signature": "<hex>"}');
  }
  const payload = json.consent ?? json.withdrawal;
  if (!isRecord(payload)) {
    throw new UsageError('the signed file has no "consent" or "withdrawal" object');
  }
  return { payload, signature: json.signature };
}

const grant: CommandDefinition = {
  name: 'consent grant',
  description: "record a holder's signed consent: --signed <file>, or sign here with --holder-key",
  options: [
    { flags: '--signed <file>', description: 'output of `holder sign-consent`' },
    ...consentOptions,
    {
      flags: '--holder-id <idNumber>',
      description: 'with --holder-key: compute the holder reference from the ID number',
    },
  ],
  async run(context) {
    const signedFile = opt(context, 'signed');
    let signed: SignedConsent | undefined;
    if (signedFile !== undefined) {
      const { payload, signature } = await readSigned(signedFile);
      signed = { consent: payload as unknown as ConsentPayload, signature };
    }
    const licences = await client(context);
    if (signed === undefined) {
      const key = await holderPrivateKey(context);
      const [by, value] = exactlyOne(context, ['holderRef', 'holderId']);
      const ref = by === 'holderRef' ? value : (await licences.requestHolderRef(value, 'QUERY_HOLDER')).holderRef;
      signed = signConsent(key, consentFromOptions(context, ref));
    }
    const outcome = await licences.grantConsent(signed);
    return committed('consent', outcome, [describeConsent(outcome.result)]);
  },
};

const withdraw: CommandDefinition = {
  name: 'consent withdraw',
  description: "record a holder's signed withdrawal: --signed <file>, or sign here with --holder-key",
  arguments: [{ name: 'consentId', description: 'consent id' }],
  options: [
    { flags: '--signed <file>', description: 'output of `holder sign-withdrawal`' },
    { flags: '--holder-key <file>', description: "the holder's private key PEM" },
  ],
  async run(context) {
    const consentId = arg(context, 'consentId');
    const signedFile = opt(context, 'signed');
    let signed: SignedWithdrawal | undefined;
    if (signedFile !== undefined) {
      const { payload, signature } = await readSigned(signedFile);
      signed = { withdrawal: payload as unknown as WithdrawalPayload, signature };
    }
    const licences = await client(context);
    if (signed === undefined) {
      const key = await holderPrivateKey(context);
      const consent = await licences.getConsent(consentId);
      signed = signWithdrawal(key, buildWithdrawal({ consentId, holderRef: consent.holderRef }));
    }
    const outcome = await licences.withdrawConsent(signed);
    return committed('consent', outcome, [describeConsent(outcome.result)]);
  },
};

const consentShow: CommandDefinition = {
  name: 'consent show',
  description: 'show a consent',
  arguments: [{ name: 'consentId', description: 'consent id' }],
  async run(context) {
    const consent = await (await client(context)).getConsent(arg(context, 'consentId'));
    return { data: { consent }, text: [describeConsent(consent)] };
  },
};

const consentList: CommandDefinition = {
  name: 'consent list',
  description: 'list the consents granted to this department (active, expired and withdrawn)',
  options: pageOptions,
  async run(context) {
    const page = await (await client(context)).listConsentsForDepartment(pageRequest(context));
    return pageResult(page, describeConsent);
  },
};

// ------------------------------------------------------------------------------------------- detail

const detailRead: CommandDefinition = {
  name: 'detail read',
  description: "read a licence's personal detail under a consent (records the access, then reads on the issuer's peer)",
  arguments: [{ name: 'id', description: 'licence id' }],
  options: [
    { flags: '--consent <id>', description: 'consent granted to this department' },
    { flags: '--purpose <text>', description: 'purpose of this read, no personal data' },
  ],
  async run(context) {
    const licenceId = arg(context, 'id');
    const consentId = required(context, 'consent');
    const purpose = required(context, 'purpose');
    const { access, detail } = await (await client(context)).readDetailUnderConsent({ licenceId, consentId, purpose });
    return {
      data: { detail, accessId: access.result.accessId, transactionId: access.transactionId },
      text: [
        `licence ${detail.licenceId} (issuer ${detail.issuerMsp}), access ${access.result.accessId}`,
        `  name       ${detail.name}`,
        `  ID number  ${detail.idNumber}`,
        ...Object.entries(detail.extra).map(([k, v]) => `  ${k.padEnd(10)} ${v}`),
      ],
    };
  },
};

const detailAccesses: CommandDefinition = {
  name: 'detail accesses',
  description: "the holder-visible log of reads of a licence's personal detail",
  arguments: [{ name: 'id', description: 'licence id' }],
  options: pageOptions,
  async run(context) {
    const page = await (await client(context)).listDetailAccesses(arg(context, 'id'), pageRequest(context));
    return pageResult(page, describeAccess);
  },
};

/** `govchain` commands of the e-license chaincode. */
export const eLicenseCommands: readonly CommandDefinition[] = Object.freeze([
  issue,
  verifyCommand,
  statusCommand('suspend'),
  statusCommand('reinstate'),
  statusCommand('revoke'),
  renew,
  replace,
  show,
  history,
  list,
  types,
  putType,
  setGovernance,
  keygen,
  holderRef,
  holderGrants,
  holderKey,
  signBindingCommand,
  bind,
  rotate,
  signConsentCommand,
  signWithdrawalCommand,
  grant,
  withdraw,
  consentShow,
  consentList,
  detailRead,
  detailAccesses,
]);
