/**
 * `govchain` commands of the e-license chaincode: `licence …` (registry and lifecycle), `holder …` (the
 * holder's wallet key and what it signs), `consent …` (relaying signed consents) and `detail …` (consented
 * reads of personal detail). Built on {@link eLicenseClient}.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import {
  type ConsentPayload,
  type ELicenseClient,
  HOLDER_REF_PURPOSES,
  type Consent,
  type HolderKey,
  type HolderRefPurpose,
  type License,
  type DetailAccess,
  type LicenseHolder,
  type LicenseTypeInput,
  type NewLicense,
  type SignedConsent,
  type SignedHolderKeyBinding,
  type SignedWithdrawal,
  buildConsent,
  buildWithdrawal,
  eLicenseClient,
  generateHolderKeyPair,
  signConsent,
  signHolderKeyBinding,
  signWithdrawal,
} from '../../clients/e-license';
import type { ResultPage, TypedSubmitOptions } from '../../clients/shape';
import { fingerprintFile } from '../../fingerprint';
import {
  arg,
  argList,
  argument,
  endorseWithOption,
  exactlyOne,
  integer,
  jsonFileInput,
  kinds,
  need,
  oneOf,
  opt,
  option,
  optionalArg,
  pageOptions,
  pageRequest,
  signedJsonFile,
  ruleParser,
  chaincodeCommands,
  timeOption,
} from '../args';
import type { ArgumentDefinition, CommandContext, CommandDefinition, OptionDefinition } from '../command';
import { ExitCode, UsageError } from '../exit-codes';
import { type CommandResult, committed, paged, shown } from '../output';

// ------------------------------------------------------------------------------------------ output

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

function describeHolderKey(key: HolderKey): string {
  return `key ${key.fingerprint} version ${key.keyVersion.toString()} bound by ${key.boundByMsp} at ${key.boundAt}`;
}

function describeConsent(consent: Consent): string {
  const scope = consent.licenceId === '' ? `type ${consent.licenceType}` : `licence ${consent.licenceId}`;
  return `consent ${consent.consentId} ${consent.status} → ${consent.granteeMsp} for ${scope} until ${consent.expiresAt}: ${consent.purpose}`;
}

function describeAccess(access: DetailAccess): string {
  return `${access.accessedAt} ${access.accessorMsp} read licence ${access.licenceId} under consent ${access.consentId} (access ${access.accessId}): ${access.purpose}`;
}

// ---------------------------------------------------------------------------------- shared options

const endorseWith = endorseWithOption('this department and a partner');
const documentOption = option('--document <file>', 'the document file (its SHA-256 is used)');
const fingerprintOption = option('--fingerprint <hex>', 'the SHA-256 of the document, 64 hex characters', kinds.sha256);
const documentOptions: readonly OptionDefinition[] = [documentOption, fingerprintOption];
const documentGroup: readonly OptionDefinition[] = documentOptions;

/** `--document <file>` or `--fingerprint <hex>` (exactly one, checked while parsing): the document's SHA-256. */
async function documentFingerprint(context: CommandContext): Promise<string> {
  const fingerprint = opt(context, fingerprintOption);
  if (fingerprint !== undefined) {
    return fingerprint;
  }
  const file = need(context, documentOption);
  try {
    return await fingerprintFile(file);
  } catch (err) {
    throw new UsageError(`cannot read document ${file}: ${(err as Error).message}`);
  }
}

const idOption = option('--id <id>', 'id of the new licence', kinds.id, { required: true });
const typeCode = (required: boolean): OptionDefinition<string> =>
  option('--type <code>', 'licence-type code, e.g. BUSINESS_LICENCE', kinds.code, { required });
const metadataOption = option(
  '--metadata <json>',
  'non-personal metadata, a JSON object of strings, inline or @file',
  kinds.stringMap,
  { conflicts: ['--metadata-file <file>'] },
);
const metadataFileOption = option('--metadata-file <file>', 'the metadata from a JSON file', kinds.stringMapFile);
const validFromOption = timeOption('--valid-from <time>', 'start of validity (default: now)');
const validUntilOption = timeOption('--valid-until <time>', "end of validity (default: the type's validity)");
const holderIdOption = option(
  '--holder-id <idNumber>',
  "holder's ID number (sent only as transient data)",
  {},
  {
    required: true,
  },
);
const holderNameOption = option(
  '--holder-name <name>',
  "holder's name (sent only as transient data)",
  {},
  {
    required: true,
  },
);
const detailOption = option(
  '--detail <json>',
  'further personal detail, a JSON object of strings, inline or @file (transient only)',
  kinds.stringMap,
);
const newLicenceOptions: readonly OptionDefinition[] = [
  idOption,
  ...documentOptions,
  metadataOption,
  metadataFileOption,
  validFromOption,
  validUntilOption,
  holderIdOption,
  holderNameOption,
  detailOption,
];
const reasonOption = option('--reason <CODE>', 'upper-case reason code, e.g. COURT_ORDER', kinds.code, {
  required: true,
});
const effectiveAtOption = timeOption('--effective-at <time>', 'when it takes effect (default: now)');
const licenceArgument = argument('id', 'licence id', kinds.id);

function readHolder(context: CommandContext): LicenseHolder {
  const detail = opt(context, detailOption);
  return {
    idNumber: need(context, holderIdOption),
    name: need(context, holderNameOption),
    ...(detail === undefined ? {} : { detail }),
  };
}

/** Everything of a new licence except its type (which renew/replace may take from the predecessor). */
async function readNewLicence(context: CommandContext): Promise<Omit<NewLicense, 'type'> & { holder: LicenseHolder }> {
  const validFrom = opt(context, validFromOption);
  const validUntil = opt(context, validUntilOption);
  return {
    id: need(context, idOption),
    fingerprint: await documentFingerprint(context),
    metadata: opt(context, metadataOption) ?? opt(context, metadataFileOption) ?? {},
    holder: readHolder(context),
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validUntil === undefined ? {} : { validUntil }),
  };
}

/** A command on the e-license client: connects only when it runs, after every usage check. */
const querying = chaincodeCommands(eLicenseClient, (result: CommandResult) => result);

/** A command that submits: `--endorse-with` added; its call gets the per-call options. */
const submitting: typeof querying = (name, description, args, call, options = [], exactlyOne = []) =>
  querying(name, description, args, call, [...options, endorseWith], exactlyOne);

// ------------------------------------------------------------------------------------------ licence

const issueType = typeCode(true);
const issue = submitting(
  'licence issue',
  'issue a licence of a type this department issues (holder ID number and name stay off the ledger)',
  [],
  async (licences, context, options) => {
    const type = need(context, issueType);
    const draft = await readNewLicence(context);
    const outcome = await licences.issueLicense({ ...draft, type }, options);
    return committed('licence', outcome, describeLicense(outcome.result));
  },
  [issueType, ...newLicenceOptions],
  [documentGroup],
);

const predecessor = (what: string): ArgumentDefinition<string> =>
  argument('predecessor', `id of the licence being ${what}`, kinds.id);
const renewedLicence = predecessor('renewed');
const replacedLicence = predecessor('replaced');
const supersedingType = typeCode(false);
const replaceReasonOption = option('--reason <CODE>', 'upper-case reason code, e.g. LOST', kinds.code, {
  required: true,
});

async function supersede(
  licences: ELicenseClient,
  context: CommandContext,
  options: TypedSubmitOptions,
  kind: 'renew' | 'replace',
): Promise<CommandResult> {
  const predecessorId = arg(context, kind === 'renew' ? renewedLicence : replacedLicence);
  const draft = await readNewLicence(context);
  const type = opt(context, supersedingType) ?? (await licences.getLicense(predecessorId)).type;
  const input = { ...draft, type, predecessorId };
  const outcome =
    kind === 'renew'
      ? await licences.renewLicense(input, options)
      : await licences.replaceLicense({ ...input, reasonCode: need(context, replaceReasonOption) }, options);
  return committed('licence', outcome, [
    ...describeLicense(outcome.result),
    `licence ${predecessorId} is now SUPERSEDED by ${outcome.result.id}`,
  ]);
}

const renew = submitting(
  'licence renew',
  'renew an ACTIVE licence: a new licence for the same holder; the old one becomes SUPERSEDED',
  [renewedLicence],
  (licences, context, options) => supersede(licences, context, options, 'renew'),
  [supersedingType, ...newLicenceOptions],
  [documentGroup],
);

const replace = submitting(
  'licence replace',
  'replace an ACTIVE licence (lost, corrected…), recording a reason on the old one',
  [replacedLicence],
  (licences, context, options) => supersede(licences, context, options, 'replace'),
  [replaceReasonOption, supersedingType, ...newLicenceOptions],
  [documentGroup],
);

const atOption = timeOption('--at <time>', 'judge at this time');

const verifyCommand = querying(
  'licence verify',
  `compare a document with the ledger; exits ${ExitCode.NEGATIVE} when the result is not VALID`,
  [licenceArgument],
  async (licences, context) => {
    const licenceId = arg(context, licenceArgument);
    const fingerprint = await documentFingerprint(context);
    const at = opt(context, atOption);
    const verification = await licences.verifyLicense({
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
      ...shown('verification', verification, [
        `${verification.result}: licence ${licenceId}${detail}, checked at ${verification.checkedAt}`,
      ]),
      ...(verification.result === 'VALID' ? {} : { exitCode: ExitCode.NEGATIVE }),
    };
  },
  [...documentOptions, atOption],
  [documentGroup],
);

function statusCommand(verb: 'suspend' | 'reinstate' | 'revoke'): CommandDefinition {
  const descriptions = {
    suspend: 'suspend an ACTIVE licence (issuer only)',
    reinstate: 'reinstate a SUSPENDED licence (issuer only)',
    revoke: 'revoke a licence; revocation is final (issuer only)',
  };
  return submitting(
    `licence ${verb}`,
    descriptions[verb],
    [licenceArgument],
    async (licences, context, options) => {
      const effectiveAt = opt(context, effectiveAtOption);
      const change = {
        licenceId: arg(context, licenceArgument),
        reasonCode: need(context, reasonOption),
        ...(effectiveAt === undefined ? {} : { effectiveAt }),
      };
      const outcome =
        verb === 'suspend'
          ? await licences.suspendLicense(change, options)
          : verb === 'reinstate'
            ? await licences.reinstateLicense(change, options)
            : await licences.revokeLicense(change, options);
      return committed('licence', outcome, describeLicense(outcome.result));
    },
    [reasonOption, effectiveAtOption],
  );
}

const show = querying(
  'licence show',
  'show the public record of a licence',
  [licenceArgument],
  async (licences, context) => {
    const licence = await licences.getLicense(arg(context, licenceArgument));
    return shown('licence', licence, describeLicense(licence));
  },
);

const history = querying(
  'licence history',
  'every change of a licence, newest first, with submitter, transaction and time',
  [licenceArgument],
  async (licences, context) => {
    const entries = await licences.getLicenseHistory(arg(context, licenceArgument));
    return shown(
      'history',
      entries,
      entries.map(
        (e) =>
          `${e.timestamp}  ${e.submitterMsp.padEnd(20)}  ${(e.value?.status ?? 'DELETED').padEnd(10)}  ${e.value?.statusReason ?? ''}  tx ${e.txId}`,
      ),
    );
  },
);

const holderRefOption = (description: string, required = false): OptionDefinition<string> =>
  option('--holder-ref <ref>', description, kinds.sha256, { required });
const byHolderRef = holderRefOption('holder reference (64 hex)');
const byHolderId = option(
  '--holder-id <idNumber>',
  "holder ID number (resolved through a logged, rate-limited grant from Public Security's peer)",
);
const byIssuer = option('--issuer <mspId>', 'issuing department', kinds.mspId);
const byType = option('--type <code>', 'licence-type code', kinds.code);

const list = querying(
  'licence list',
  'list licences by holder, issuer or type, one page at a time',
  [],
  async (licences, context) => {
    const page = pageRequest(context);
    const issuer = opt(context, byIssuer);
    const type = opt(context, byType);
    const holderId = opt(context, byHolderId);
    let result: ResultPage<License>;
    if (issuer !== undefined) {
      result = await licences.listLicensesByIssuer(issuer, page);
    } else if (type !== undefined) {
      result = await licences.listLicensesByType(type, page);
    } else {
      const holderRef =
        holderId === undefined
          ? need(context, byHolderRef)
          : (await licences.requestHolderRef(holderId, 'QUERY_HOLDER')).holderRef;
      result = await licences.listLicensesByHolder(holderRef, page);
    }
    return paged(result, (l) => `${l.id}  ${l.type}  ${l.status}  ${l.issuerMsp}  ${l.validFrom}`);
  },
  [byHolderRef, byHolderId, byIssuer, byType, ...pageOptions],
  [[byHolderRef, byHolderId, byIssuer, byType]],
);

const typeArgument = argument('code', 'licence-type code', kinds.code, { optional: true });

const types = querying(
  'licence types',
  'list the licence-type registry, or show one type',
  [typeArgument],
  async (licences, context) => {
    const code = optionalArg(context, typeArgument);
    if (code !== undefined) {
      const type = await licences.getLicenseType(code);
      return shown('type', type, [JSON.stringify(type, null, 2)]);
    }
    const registry = await licences.listLicenseTypes();
    return shown('registry', registry, [
      `departments: ${registry.governanceMsps.join(', ')}`,
      ...registry.types.map((t) => `${t.code.padEnd(40)} ${t.issuerMsp.padEnd(22)} ${t.name}`),
    ]);
  },
);

const typeFile = argument('file', 'JSON file of the licence type', jsonFileInput<LicenseTypeInput>());

const putType = submitting(
  'licence put-type',
  'add or change a licence type (a majority of the departments endorse)',
  [typeFile],
  async (licences, context, options) => {
    const outcome = await licences.putLicenseType(arg(context, typeFile), options);
    return committed('type', outcome, [`licence type ${outcome.result.code} → ${outcome.result.issuerMsp}`]);
  },
);

const msps = argument('msps', 'department MSP ids', kinds.mspId, { variadic: true });

const setGovernance = submitting(
  'licence set-governance',
  'replace the list of governance departments (a majority of the current ones endorse)',
  [msps],
  async (licences, context, options) => {
    const outcome = await licences.setGovernanceMsps(argList(context, msps), options);
    return committed('registry', outcome, [`departments: ${outcome.result.governanceMsps.join(', ')}`]);
  },
);

// ------------------------------------------------------------------------------------------- holder

const privateKeyOption = option(
  '--private-key <file>',
  'where to write the private key (PKCS#8 PEM, mode 0600)',
  {},
  { required: true },
);
const publicKeyOption = option('--public-key <file>', 'where to write the public key (PEM); default <private-key>.pub');

const keygen: CommandDefinition = {
  name: 'holder keygen',
  description: "create a holder's P-256 wallet key pair (Public Security binds it: `holder bind`)",
  options: [privateKeyOption, publicKeyOption],
  async run(context) {
    const privateFile = need(context, privateKeyOption);
    const publicFile = opt(context, publicKeyOption) ?? `${privateFile}.pub`;
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

const refHolderIdOption = option('--holder-id <idNumber>', "the holder's ID number", {}, { required: true });
const purposeCodeOption = option<HolderRefPurpose>(
  '--purpose <code>',
  `why (default QUERY_HOLDER)`,
  oneOf<HolderRefPurpose>(HOLDER_REF_PURPOSES),
  { defaultValue: 'QUERY_HOLDER' },
);

const holderRef = querying(
  'holder ref',
  "resolve an ID number into a holder reference: a grant from Public Security's peer (logged, rate-limited; the ID number stays off the ledger)",
  [],
  async (licences, context, options) => {
    const purpose = opt(context, purposeCodeOption) ?? 'QUERY_HOLDER';
    const grant = await licences.requestHolderRef(need(context, refHolderIdOption), purpose, options);
    return {
      data: { ...grant },
      text: [grant.holderRef, `grant ${grant.grantId} (${grant.purpose}), valid until ${grant.expiresAt}`],
    };
  },
  [refHolderIdOption, purposeCodeOption],
);

const auditedOption = option('--department <mspId>', 'the department audited', kinds.mspId, { required: true });
const hourOption = option(
  '--hour <YYYY-MM-DDTHH>',
  'the hour, UTC',
  { parse: ruleParser({ maxLength: 13, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}$/, patternHint: 'YYYY-MM-DDTHH (UTC)' }) },
  { required: true },
);

const holderGrants = querying(
  'holder grants',
  "the audit log of a department's holder-reference lookups in one hour (no references)",
  [],
  async (licences, context) => {
    const log = await licences.listHolderRefGrants(need(context, auditedOption), need(context, hourOption));
    return {
      data: { ...log },
      text: [
        `${log.count} grant(s) to ${log.grantedToMsp} in ${log.hour}`,
        ...log.grants.map((g) => `${g.at}  ${g.purpose}  ${g.grantId}  ${g.requestedBy}`),
      ],
    };
  },
  [auditedOption, hourOption],
);

const holderRefArgument = argument('holderRef', 'holder reference (64 hex)', kinds.sha256);

const holderKey = querying(
  'holder key',
  'show the public key bound to a holder',
  [holderRefArgument],
  async (licences, context) => {
    const key = await licences.getHolderKey(arg(context, holderRefArgument));
    return shown('holderKey', key, [describeHolderKey(key)]);
  },
);

/** `--holder-key <file>`: the holder's private key PEM, read while parsing. */
const holderKeyOption = (description: string, required = false): OptionDefinition<string> =>
  option('--holder-key <file>', description, kinds.textFile, { required });
const keyVersionRange = integer({ min: 1, max: 9_999_999 });

function signBinding(key: string, holderRefValue: string, keyVersion: number): SignedHolderKeyBinding {
  try {
    return signHolderKeyBinding(key, { holderRef: holderRefValue, keyVersion });
  } catch (err) {
    throw err instanceof TypeError ? new UsageError(err.message) : err;
  }
}

const bindingKeyOption = holderKeyOption("the holder's private key PEM, the key being bound", true);
const bindingRefOption = holderRefOption('holder reference (64 hex), from Public Security', true);
const bindingVersionOption = option(
  '--key-version <n>',
  "1 for the holder's first key, the current version + 1 to rotate",
  keyVersionRange,
);

const signBindingCommand: CommandDefinition = {
  name: 'holder sign-binding',
  description:
    "sign a key binding with the holder's key (its proof of possession), offline; prints {binding, signature} for `holder bind --signed`",
  options: [bindingKeyOption, bindingRefOption, bindingVersionOption],
  run(context) {
    const signed = signBinding(
      need(context, bindingKeyOption),
      need(context, bindingRefOption),
      opt(context, bindingVersionOption) ?? 1,
    );
    return Promise.resolve({ data: { ...signed }, text: [JSON.stringify(signed, null, 2)] });
  },
};

const bindHolderIdOption = option(
  '--holder-id <idNumber>',
  "the holder's ID number, as identified (transient data only)",
  {},
  { required: true },
);
const signedBindingOption = option(
  '--signed <file>',
  'output of `holder sign-binding`',
  signedJsonFile<SignedHolderKeyBinding>('binding'),
);
const bindKeyOption = holderKeyOption("or sign here: the holder's private key PEM");
const bindVersionOption = option(
  '--key-version <n>',
  'with --holder-key: the version to create (default: the next)',
  keyVersionRange,
);

/** `holder bind` / `holder rotate`: Public Security binds the key the holder signed for. */
async function bindCommand(
  licences: ELicenseClient,
  context: CommandContext,
  options: TypedSubmitOptions,
  kind: 'bind' | 'rotate',
): Promise<CommandResult> {
  const idNumber = need(context, bindHolderIdOption);
  const fromFile = opt(context, signedBindingOption);
  const key = opt(context, bindKeyOption) ?? '';
  const version = opt(context, bindVersionOption);
  const grant = await licences.requestHolderRef(idNumber, 'BIND_HOLDER_KEY');
  let signed = fromFile;
  if (signed === undefined) {
    const current = kind === 'rotate' ? (await licences.getHolderKey(grant.holderRef)).keyVersion : 0;
    signed = signBinding(key, grant.holderRef, version ?? current + 1);
  }
  const input = { holderRefGrant: grant.grantId, signed };
  const outcome =
    kind === 'bind' ? await licences.bindHolderKey(input, options) : await licences.rotateHolderKey(input, options);
  return committed('holderKey', outcome, [describeHolderKey(outcome.result)]);
}

const bindOptions: readonly OptionDefinition[] = [
  bindHolderIdOption,
  signedBindingOption,
  bindKeyOption,
  bindVersionOption,
];

const bind = submitting(
  'holder bind',
  "bind a holder's first key, with its proof of possession (Public Security only)",
  [],
  (licences, context, options) => bindCommand(licences, context, options, 'bind'),
  bindOptions,
  [[signedBindingOption, bindKeyOption]],
);

const rotate = submitting(
  'holder rotate',
  "replace a holder's lost or compromised key with a new one (Public Security only)",
  [],
  (licences, context, options) => bindCommand(licences, context, options, 'rotate'),
  bindOptions,
  [[signedBindingOption, bindKeyOption]],
);

/** The options that describe a consent. */
interface ConsentOptions {
  readonly key: OptionDefinition<string>;
  readonly holderRef: OptionDefinition<string>;
  readonly grantee: OptionDefinition<string>;
  readonly licence: OptionDefinition<string>;
  readonly licenceType: OptionDefinition<string>;
  readonly purpose: OptionDefinition<string>;
  readonly expires: OptionDefinition<string>;
  readonly consentId: OptionDefinition<string>;
}

/** The options that describe a consent; `required` when the command always signs one. */
function consentOptions(required: boolean): ConsentOptions {
  return {
    key: holderKeyOption("the holder's private key PEM (from `holder keygen`)", required),
    holderRef: holderRefOption('holder reference (64 hex)', required),
    grantee: option('--grantee <mspId>', 'department the consent is granted to', kinds.mspId, { required }),
    licence: option('--licence <id>', 'scope: this licence', kinds.id),
    licenceType: option('--licence-type <code>', "scope: all the holder's licences of this type", kinds.code),
    purpose: option('--purpose <text>', 'purpose, no personal data', {}, { required }),
    expires: timeOption('--expires <time>', 'end of the consent', { required }),
    consentId: option('--consent-id <id>', 'consent id (default: generated)', kinds.id),
  };
}

/**
 * Checks the consent options (before connecting) and returns how to build the consent for a holder reference.
 */
function consentOptionList(options: ConsentOptions): readonly OptionDefinition[] {
  const { key, holderRef, grantee, licence, licenceType, purpose, expires, consentId } = options;
  return [key, holderRef, grantee, licence, licenceType, purpose, expires, consentId];
}

function consentDraft(context: CommandContext, options: ConsentOptions): (holderRef: string) => ConsentPayload {
  const scope = exactlyOne(context, [options.licence, options.licenceType]);
  const draft = {
    consentId: opt(context, options.consentId) ?? `C-${randomBytes(9).toString('base64url')}`,
    granteeMsp: need(context, options.grantee),
    purpose: need(context, options.purpose),
    expiresAt: need(context, options.expires),
    ...(scope.option === options.licence ? { licenceId: scope.value } : { licenceType: scope.value }),
  };
  return (holderRef) => {
    try {
      return buildConsent({ ...draft, holderRef });
    } catch (err) {
      throw err instanceof TypeError ? new UsageError(err.message) : err;
    }
  };
}

const signing = consentOptions(true);

const signConsentCommand: CommandDefinition = {
  name: 'holder sign-consent',
  description:
    "sign a consent with the holder's key, offline; prints {consent, signature} for `consent grant --signed`",
  options: consentOptionList(signing),
  exactlyOne: [[signing.licence, signing.licenceType]],
  run(context) {
    const signed = signConsent(
      need(context, signing.key),
      consentDraft(context, signing)(need(context, signing.holderRef)),
    );
    return Promise.resolve({ data: { ...signed }, text: [JSON.stringify(signed, null, 2)] });
  },
};

const consentArgument = argument('consentId', 'consent id', kinds.id);
const withdrawalKeyOption = holderKeyOption("the holder's private key PEM", true);
const withdrawalRefOption = holderRefOption('holder reference (64 hex)', true);

const signWithdrawalCommand: CommandDefinition = {
  name: 'holder sign-withdrawal',
  description: "sign the withdrawal of a consent with the holder's key, offline",
  arguments: [consentArgument],
  options: [withdrawalKeyOption, withdrawalRefOption],
  run(context) {
    const withdrawal = buildWithdrawal({
      consentId: arg(context, consentArgument),
      holderRef: need(context, withdrawalRefOption),
    });
    const signed = signWithdrawal(need(context, withdrawalKeyOption), withdrawal);
    return Promise.resolve({ data: { ...signed }, text: [JSON.stringify(signed, null, 2)] });
  },
};

// ------------------------------------------------------------------------------------------ consent

const granting = consentOptions(false);
const signedConsentOption = option(
  '--signed <file>',
  'output of `holder sign-consent`',
  signedJsonFile<SignedConsent>('consent'),
);
const grantHolderIdOption = option(
  '--holder-id <idNumber>',
  'with --holder-key: compute the holder reference from the ID number',
  {},
  { conflicts: ['--holder-ref <ref>'] },
);

const grant = querying(
  'consent grant',
  "record a holder's signed consent: --signed <file>, or sign here with --holder-key",
  [],
  async (licences, context, options) => {
    const fromFile = opt(context, signedConsentOption);
    if (fromFile !== undefined) {
      const outcome = await licences.grantConsent(fromFile, options);
      return committed('consent', outcome, [describeConsent(outcome.result)]);
    }
    const key = need(context, granting.key);
    const holder = exactlyOne(context, [granting.holderRef, grantHolderIdOption]);
    const consentFor = consentDraft(context, granting);
    const ref =
      holder.option === grantHolderIdOption
        ? (await licences.requestHolderRef(holder.value, 'QUERY_HOLDER')).holderRef
        : holder.value;
    const outcome = await licences.grantConsent(signConsent(key, consentFor(ref)), options);
    return committed('consent', outcome, [describeConsent(outcome.result)]);
  },
  [signedConsentOption, ...consentOptionList(granting), grantHolderIdOption],
  [[signedConsentOption, granting.key]],
);

const signedWithdrawalOption = option(
  '--signed <file>',
  'output of `holder sign-withdrawal`',
  signedJsonFile<SignedWithdrawal>('withdrawal'),
);
const withdrawKeyOption = holderKeyOption("the holder's private key PEM");

const withdraw = querying(
  'consent withdraw',
  "record a holder's signed withdrawal: --signed <file>, or sign here with --holder-key",
  [consentArgument],
  async (licences, context, options) => {
    const consentId = arg(context, consentArgument);
    const fromFile = opt(context, signedWithdrawalOption);
    const key = opt(context, withdrawKeyOption) ?? '';
    const signed =
      fromFile ??
      signWithdrawal(key, buildWithdrawal({ consentId, holderRef: (await licences.getConsent(consentId)).holderRef }));
    const outcome = await licences.withdrawConsent(signed, options);
    return committed('consent', outcome, [describeConsent(outcome.result)]);
  },
  [signedWithdrawalOption, withdrawKeyOption],
  [[signedWithdrawalOption, withdrawKeyOption]],
);

const consentShow = querying('consent show', 'show a consent', [consentArgument], async (licences, context) => {
  const consent = await licences.getConsent(arg(context, consentArgument));
  return shown('consent', consent, [describeConsent(consent)]);
});

const consentList = querying(
  'consent list',
  'list the consents granted to this department (active, expired and withdrawn)',
  [],
  async (licences, context) => paged(await licences.listConsentsForDepartment(pageRequest(context)), describeConsent),
  pageOptions,
);

// ------------------------------------------------------------------------------------------- detail

const consentOption = option('--consent <id>', 'consent granted to this department', kinds.id, { required: true });
const readPurposeOption = option('--purpose <text>', 'purpose of this read, no personal data', {}, { required: true });

const detailRead = querying(
  'detail read',
  "read a licence's personal detail under a consent (records the access, then reads on the issuer's peer)",
  [licenceArgument],
  async (licences, context) => {
    const { access, detail } = await licences.readDetailUnderConsent({
      licenceId: arg(context, licenceArgument),
      consentId: need(context, consentOption),
      purpose: need(context, readPurposeOption),
    });
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
  [consentOption, readPurposeOption],
);

const detailAccesses = querying(
  'detail accesses',
  "the holder-visible log of reads of a licence's personal detail",
  [licenceArgument],
  async (licences, context) =>
    paged(await licences.listDetailAccesses(arg(context, licenceArgument), pageRequest(context)), describeAccess),
  pageOptions,
);

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
