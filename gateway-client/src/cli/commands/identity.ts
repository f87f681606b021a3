/**
 * `govchain identity …`: a department's registrar (its administrator, `--as <department>`) registers,
 * enrols, lists, revokes and re-enrols its clerks at the department's Fabric CA. Enrolled clerks go into the
 * department's wallet, and `--as <department>/<clerk>` acts as one of them.
 */
import { CLERK_ROLE_RULE, CLERK_ROLES } from '@govchain/protocol';
import type { DepartmentRegistrar } from '../../identities';
import { loadProfile } from '../../profiles';
import { CLERK_NAME_PATTERN, IdentityError } from '../../wallet';
import { arg, argument, exactlyOne, list, opt, option, readInputFile, ruleParser } from '../args';
import type { CommandContext, CommandDefinition } from '../command';
import { UsageError } from '../exit-codes';
import { shown } from '../output';

const name = argument('name', 'the clerk’s name (its enrolment id), e.g. clerk-li', {
  parse: ruleParser({ maxLength: 63, pattern: CLERK_NAME_PATTERN, patternHint: 'a clerk name such as clerk-li' }),
});
const role = option(
  '--role <role>',
  `a clerk role (${CLERK_ROLES.join(', ')}); repeat for several`,
  {
    parse: ruleParser(CLERK_ROLE_RULE),
  },
  { repeatable: true, required: true },
);
const secret = option('--secret <secret>', 'the enrolment secret the registrar handed over');
const secretFile = option('--secret-file <file>', 'read the enrolment secret from a file', {
  parse: (file) => readInputFile(file).trim(),
});
const reason = option(
  '--reason <reason>',
  'why, as Fabric CA names RFC 5280 reasons',
  {
    choices: ['cessationofoperation', 'keycompromise', 'affiliationchange', 'superseded', 'privilegewithdrawn'],
  },
  { defaultValue: 'cessationofoperation' },
);

/** The registrar of the department `--as` names: its administrator, at its CA. */
async function registrar(context: CommandContext): Promise<{ registrar: DepartmentRegistrar; department: string }> {
  const department = context.global.as;
  if (department === undefined) {
    throw new UsageError('no department selected: pass --as <department> or set GOVCHAIN_DEPARTMENT');
  }
  if (context.global.clerk !== undefined) {
    throw new UsageError(`identity commands run as the department's registrar: pass --as ${department}, not a clerk`);
  }
  const profile = await loadProfile(department, { profilesDir: context.global.profiles });
  // fabric-ca-client takes a third of a second to load: only the identity commands load it.
  const { departmentRegistrar } = await import('../../identities');
  try {
    return { department, registrar: await departmentRegistrar(profile) };
  } catch (err) {
    // A department without a CA is a wrong --as, as a usage error says.
    if (err instanceof IdentityError && err.code === 'NO_MEMBER_SERVICES') throw new UsageError(err.message);
    throw err;
  }
}

/** The `identity` commands. */
export const identityCommands: readonly CommandDefinition[] = [
  {
    name: 'identity register',
    description: 'register a clerk with roles of the department’s role table; prints its enrolment secret once',
    arguments: [name],
    options: [role],
    async run(context) {
      const { registrar: r, department } = await registrar(context);
      const roles = list(context, role);
      const registered = await r.register(arg(context, name), roles);
      return shown('identity', { department, name: registered.name, roles, secret: registered.secret }, [
        `registered ${registered.name} at ${department}'s CA as ${roles.join(', ')}`,
        `enrolment secret (hand it to the clerk; it is not shown again): ${registered.secret}`,
      ]);
    },
  },
  {
    name: 'identity enrol',
    description: 'enrol a registered clerk with its secret and keep it in the department’s wallet',
    arguments: [name],
    options: [secret, secretFile],
    exactlyOne: [[secret, secretFile]],
    async run(context) {
      const { registrar: r, department } = await registrar(context);
      const clerk = arg(context, name);
      const enrolled = await r.enrol(clerk, exactlyOne(context, [secret, secretFile]).value);
      return shown('identity', { department, name: clerk, ...enrolled }, [
        `enrolled ${clerk} of ${department} as ${enrolled.roles.join(', ')}; certificate valid until ${enrolled.expires}`,
        `act as it with: govchain --as ${department}/${clerk} …`,
      ]);
    },
  },
  {
    name: 'identity list',
    description: 'list the identities registered at the department’s CA, with their roles',
    async run(context) {
      const { registrar: r, department } = await registrar(context);
      const identities = await r.list();
      const width = Math.max(8, ...identities.map((i) => i.name.length));
      return shown(
        'identities',
        { department, identities },
        identities.map(
          (i) => `${i.name.padEnd(width)}  ${i.type.padEnd(7)}  ${i.status.padEnd(12)}  ${i.roles.join(', ')}`,
        ),
      );
    },
  },
  {
    name: 'identity revoke',
    description: 'revoke a clerk at the department’s CA and print the new CRL (publish it to the channel)',
    arguments: [name],
    options: [reason],
    async run(context) {
      const { registrar: r, department } = await registrar(context);
      const clerk = arg(context, name);
      const crl = await r.revoke(clerk, opt(context, reason));
      return shown('revocation', { department, name: clerk, crl }, [
        `revoked ${clerk} of ${department}; the peers refuse it once this CRL is on the channel:`,
        `  npm run network:crl -- ${department}   (or --file with the CRL below)`,
        crl.trimEnd(),
      ]);
    },
  },
  {
    name: 'identity reenrol',
    description: 're-enrol a clerk of the wallet: a new key and certificate, before the old one expires',
    arguments: [name],
    async run(context) {
      const { registrar: r, department } = await registrar(context);
      const clerk = arg(context, name);
      const enrolled = await r.reenrol(clerk);
      return shown('identity', { department, name: clerk, ...enrolled }, [
        `re-enrolled ${clerk} of ${department}; certificate valid until ${enrolled.expires}`,
      ]);
    },
  },
];
