/**
 * The on-ledger role configuration a chaincode keeps instead of hard-coded MSP ids: the departments of the
 * channel, who holds each role the chaincode names (`@govchain/protocol/roles`) and, where a chaincode needs
 * them, a few other governed values (settings, e.g. bid-record's reveal window). Every endorser takes the
 * departments and roles from the consortium's governance file ({@link loadGovernance}) and the settings from
 * the package every department approved, never from the caller: the seed transaction writes them once; the
 * update transaction brings them to the files later, and commits only when a majority of the current
 * departments (the key-level policy set on the record) write the same. Clients read it to choose endorsers.
 *
 * One store serves every chaincode; a chaincode whose record has its own shape (bid-record's
 * `TradingConfig`) gives a {@link RoleRecordShape} that maps the governed values onto it and back.
 */
import type { Context } from 'fabric-contract-api';
import { RoleAssignment, RoleConfig } from '@govchain/protocol/roles';
import { callerMsp, requireCallerIn } from './access';
import { type EndorserRole, majorityOfOrgsPolicy } from './endorsement';
import { conflict, preconditionFailed } from './errors';
import { readJson, writeJson } from './state';
import { txTimeIso } from './time';
import { type Governance, loadGovernance } from './trust';
import { storedRecord } from './validation';

/** Most departments a role may have unless its spec says otherwise. */
const DEFAULT_MAX_HOLDERS = 64;

/** A role a chaincode needs, and how many departments may hold it. */
export interface RoleSpec {
  readonly role: string;
  /** Fewest holders (default 1; 0 makes the role optional). */
  readonly min?: number;
  /** Most holders (default 64). */
  readonly max?: number;
}

/** A governed value that is not a role: a number, a string or a flag. */
export type SettingValue = string | number | boolean;

/** Governed values beside the roles, by name. */
export type Settings = Readonly<Record<string, SettingValue>>;

/** No settings: the roles and departments only (real-estate). */
export type NoSettings = Readonly<Record<string, never>>;

/** What governance decides: the departments, the roles and the settings (everything but the stamp). */
export interface RoleValues<S extends Settings = NoSettings> {
  /** Every department of the channel, sorted. */
  readonly departmentMsps: readonly string[];
  /** The roles with at least one holder, sorted by name; each role's departments sorted. */
  readonly roles: readonly Pick<RoleAssignment, 'role' | 'msps'>[];
  /** The other governed values (none for most chaincodes). */
  readonly settings?: S;
}

/** Who wrote a stored configuration, and when. */
export interface RoleStamp {
  readonly updatedAt: string;
  readonly updatedByMsp: string;
  readonly txId: string;
}

/**
 * How a chaincode stores its configuration: the record class (checked on every read) and how the governed
 * values map onto it and back. The default is {@link ROLE_CONFIG_SHAPE} (`RoleConfig`, roles as a list).
 */
export interface RoleRecordShape<R extends object, S extends Settings = NoSettings> {
  readonly type: new () => R;
  /** The record to store for the governed values, stamped with the transaction. */
  toRecord(values: RoleValues<S>, stamp: RoleStamp): R;
  /** The governed values of a stored record. */
  toValues(record: R): RoleValues<S>;
}

/** The common shape: `RoleConfig` (`{ departmentMsps, roles: [{ role, msps }], stamp }`), no settings. */
export const ROLE_CONFIG_SHAPE: RoleRecordShape<RoleConfig> = {
  type: RoleConfig,
  toRecord: (values, stamp) =>
    Object.assign(new RoleConfig(), {
      departmentMsps: [...values.departmentMsps],
      roles: values.roles.map(({ role, msps }) => Object.assign(new RoleAssignment(), { role, msps: [...msps] })),
      ...stamp,
    }),
  toValues: (record) => ({ departmentMsps: record.departmentMsps, roles: record.roles }),
};

/** How a {@link RoleConfigStore} keeps and names its record. */
export interface RoleStoreOptions<R extends object, S extends Settings> {
  /** The state key (default `roleConfig`). */
  readonly key?: string;
  /** Principal role of the majority policy set on the key (default `PEER`). */
  readonly endorserRole?: EndorserRole;
  /** The record's shape (default {@link ROLE_CONFIG_SHAPE}). */
  readonly shape?: RoleRecordShape<R, S>;
  /** Loads the settings from the approved package (default: none). */
  readonly settings?: () => S;
  /** What messages call the record (default `<chaincode> role configuration`). */
  readonly noun?: string;
  /** The transaction that seeds it, for messages (default `SeedRoles`). */
  readonly seedTransaction?: string;
}

/** Outcome of seeding or updating: whether this call wrote, and the configuration. */
export interface RoleOutcome<R extends object = RoleConfig> {
  readonly written: boolean;
  readonly config: R;
}

/** The departments holding a role in governed values (empty when none). */
function holders(values: RoleValues<Settings>, role: string): readonly string[] {
  return values.roles.find((assignment) => assignment.role === role)?.msps ?? [];
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `lacks X and has Y in addition`, or undefined when the lists hold the same MSPs. */
function listDifference(name: string, stored: readonly string[], expected: readonly string[]): string | undefined {
  const missing = expected.filter((msp) => !stored.includes(msp));
  const extra = stored.filter((msp) => !expected.includes(msp));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [
    ...(missing.length === 0 ? [] : [`lacks ${missing.join(', ')}`]),
    ...(extra.length === 0 ? [] : [`has ${extra.join(', ')} in addition`]),
  ];
  return `${name} ${parts.join(' and ')}`;
}

/**
 * Names how a stored configuration differs from what this endorser would write.
 *
 * @param stored - the configuration on the ledger
 * @param expected - this endorser's configuration
 * @returns one phrase per difference, e.g. `departmentMsps lacks TaxMSP`, `role tradingCentre has
 * TradingCenter2MSP in addition`, `minRevealWindowSeconds is 600, not 60`; empty when they agree
 */
export function roleDifferences<S extends Settings>(stored: RoleValues<S>, expected: RoleValues<S>): string[] {
  const roles = [...new Set([...stored.roles, ...expected.roles].map((assignment) => assignment.role))].sort(byName);
  const settings: Settings = stored.settings ?? {};
  const wanted: Settings = expected.settings ?? {};
  const names = [...new Set([...Object.keys(settings), ...Object.keys(wanted)])].sort(byName);
  return [
    listDifference('departmentMsps', stored.departmentMsps, expected.departmentMsps),
    ...roles.map((role) => listDifference(`role ${role}`, holders(stored, role), holders(expected, role))),
    ...names.map((name) =>
      settings[name] === wanted[name]
        ? undefined
        : `${name} is ${String(settings[name] ?? 'unset')}, not ${String(wanted[name] ?? 'unset')}`,
    ),
  ].filter((difference): difference is string => difference !== undefined);
}

/**
 * One chaincode's role configuration on one state key: reading it (cached per transaction), and seeding and
 * updating it from this endorser's governance file (and package settings).
 *
 * @example
 * ```ts
 * const ROLES = new RoleConfigStore('real-estate', [{ role: 'taxAuthority', min: 1, max: 1 }]);
 * await ROLES.seed(ctx); // SeedRoles
 * roleMsps(await ROLES.require(ctx), 'taxAuthority'); // ['TaxMSP']
 * ```
 */
export class RoleConfigStore<R extends object = RoleConfig, S extends Settings = NoSettings> {
  /** The configuration read in a transaction (Fabric makes a stub per transaction; the id guards reuse). */
  readonly #cache = new WeakMap<object, { readonly txId: string; readonly config: R }>();
  readonly #shape: RoleRecordShape<R, S>;
  readonly #settings: (() => S) | undefined;
  readonly #seedTransaction: string;
  /** The state key. */
  readonly key: string;
  /** Principal role of the majority policy set on the key. */
  readonly endorserRole: EndorserRole;
  /** What messages call the record. */
  readonly noun: string;

  /**
   * @param chaincode - the chaincode's name, for messages
   * @param specs - the roles the chaincode needs
   * @param options - key, record shape, settings and names (defaults: `roleConfig`, `RoleConfig`, none)
   */
  constructor(
    readonly chaincode: string,
    readonly specs: readonly RoleSpec[],
    options: RoleStoreOptions<R, S> = {},
  ) {
    // Without a shape the record is RoleConfig and there are no settings: R and S keep their defaults.
    this.#shape = options.shape ?? (ROLE_CONFIG_SHAPE as unknown as RoleRecordShape<R, S>);
    this.#settings = options.settings;
    this.#seedTransaction = options.seedTransaction ?? 'SeedRoles';
    this.key = options.key ?? 'roleConfig';
    this.endorserRole = options.endorserRole ?? 'PEER';
    this.noun = options.noun ?? `${chaincode} role configuration`;
  }

  /**
   * The configuration this endorser would write: the departments and the chaincode's roles from its
   * governance file, the settings from its package.
   *
   * @param governance - the governance data (default: this endorser's file)
   * @returns the values, lists sorted; roles without holders left out
   * @throws PRECONDITION_FAILED when the file is missing or malformed, a role has too few or too many holders
   * (naming the role), or the package's settings are broken
   */
  governed(governance: Pick<Governance, 'departmentMsps' | 'roles'> = loadGovernance()): RoleValues<S> {
    const roles = [...this.specs]
      .sort((a, b) => byName(a.role, b.role))
      .map(({ role, min = 1, max = DEFAULT_MAX_HOLDERS }) => {
        const msps = [...(governance.roles?.[role] ?? [])].sort();
        if (msps.length < min || msps.length > max) {
          const count = min === max ? `${min}` : `${min} to ${max}`;
          throw preconditionFailed(
            `this endorser's governance file must give role ${role} ${count} department(s) (it gives ${msps.length === 0 ? 'none' : msps.join(', ')})`,
          );
        }
        return Object.assign(new RoleAssignment(), { role, msps });
      })
      .filter((assignment) => assignment.msps.length > 0);
    const values = { departmentMsps: [...governance.departmentMsps].sort(), roles };
    return this.#settings === undefined ? values : { ...values, settings: this.#settings() };
  }

  /**
   * @param ctx - transaction context
   * @returns the stored configuration, or undefined before seeding
   */
  async read(ctx: Context): Promise<R | undefined> {
    const cached = this.#cache.get(ctx.stub);
    if (cached?.txId === ctx.stub.getTxID()) return cached.config;
    const config = await readJson(ctx, this.key, storedRecord(this.#shape.type, this.key), this.noun);
    if (config !== undefined) this.#cache.set(ctx.stub, { txId: ctx.stub.getTxID(), config });
    return config;
  }

  /**
   * @param ctx - transaction context
   * @returns the stored configuration
   * @throws PRECONDITION_FAILED before seeding
   */
  async require(ctx: Context): Promise<R> {
    const config = await this.read(ctx);
    if (config === undefined) {
      throw preconditionFailed(`the ${this.noun} is not seeded; call ${this.#seedTransaction} first`);
    }
    return config;
  }

  /**
   * @param record - a stored configuration
   * @returns its governed values
   */
  values(record: R): RoleValues<S> {
    return this.#shape.toValues(record);
  }

  /**
   * Seeds: writes this endorser's governed configuration when none is stored; when one is, writes nothing
   * and checks that it agrees.
   *
   * @param ctx - transaction context
   * @param values - this endorser's governed configuration (default: {@link governed})
   * @returns whether it was written, and the configuration
   * @throws FORBIDDEN when the caller is not a governed department
   * @throws CONFLICT naming the differences when the stored configuration differs
   */
  async seed(ctx: Context, values: RoleValues<S> = this.governed()): Promise<RoleOutcome<R>> {
    requireCallerIn(ctx, values.departmentMsps, `seed the ${this.noun} (not a governed department)`);
    const stored = await this.read(ctx);
    if (stored !== undefined) {
      const differences = roleDifferences(this.values(stored), values);
      if (differences.length > 0) {
        throw conflict(
          `the stored ${this.noun} differs from this endorser's governance: ${differences.slice(0, 3).join('; ')}`,
        );
      }
      return { written: false, config: stored };
    }
    return { written: true, config: await this.#write(ctx, values) };
  }

  /**
   * Updates: brings the stored configuration to this endorser's governance file. Every endorser writes what
   * its own file says, and the key's policy needs a majority of the current departments.
   *
   * @param ctx - transaction context
   * @param values - this endorser's governed configuration (default: {@link governed})
   * @returns whether it was written, and the configuration
   * @throws PRECONDITION_FAILED before seeding
   * @throws FORBIDDEN when the caller is not a current department
   */
  async update(ctx: Context, values: RoleValues<S> = this.governed()): Promise<RoleOutcome<R>> {
    const current = await this.require(ctx);
    requireCallerIn(ctx, this.values(current).departmentMsps, `change the ${this.noun} (not a department)`);
    if (roleDifferences(this.values(current), values).length === 0) return { written: false, config: current };
    return { written: true, config: await this.#write(ctx, values) };
  }

  async #write(ctx: Context, values: RoleValues<S>): Promise<R> {
    const config = this.#shape.toRecord(values, {
      updatedAt: txTimeIso(ctx),
      updatedByMsp: callerMsp(ctx),
      txId: ctx.stub.getTxID(),
    });
    await writeJson(ctx, this.key, config);
    await ctx.stub.setStateValidationParameter(
      this.key,
      majorityOfOrgsPolicy(values.departmentMsps, this.endorserRole),
    );
    this.#cache.set(ctx.stub, { txId: ctx.stub.getTxID(), config });
    return config;
  }
}
