/**
 * The on-ledger role configuration a chaincode keeps instead of hard-coded MSP ids: the departments of the
 * channel and who holds each role the chaincode names (`@govchain/protocol/roles`). Every endorser takes
 * both from the consortium's governance file ({@link loadGovernance}), never from the caller: SeedRoles
 * writes it once; UpdateRoles brings it to the governance files later, and commits only when a majority of
 * the current departments (the key-level policy set on it) write the same. Clients read it to choose
 * endorsers.
 */
import type { Context } from 'fabric-contract-api';
import { RoleAssignment, RoleConfig, roleMsps } from '@govchain/protocol/roles';
import { callerMsp, requireCallerIn } from './access';
import { type EndorserRole, majorityOfOrgsPolicy } from './endorsement';
import { conflict, preconditionFailed } from './errors';
import { readJson, writeJson } from './state';
import { txTimeIso } from './time';
import { type Governance, loadGovernance } from './trust';
import { storedRecord } from './validation';

/** A role a chaincode needs, and how many departments may hold it. */
export interface RoleSpec {
  readonly role: string;
  /** Fewest holders (default 1). */
  readonly min?: number;
  /** Most holders (default 64). */
  readonly max?: number;
}

/** What governance decides: the departments and the roles (everything but the stamp). */
export type RoleValues = Pick<RoleConfig, 'departmentMsps' | 'roles'>;

/** Outcome of seeding or updating: whether this call wrote, and the configuration. */
export interface RoleOutcome {
  readonly written: boolean;
  readonly config: RoleConfig;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * Names how a stored configuration differs from what this endorser would write.
 *
 * @param stored - the configuration on the ledger
 * @param expected - this endorser's configuration
 * @returns one phrase per difference, e.g. `role taxAuthority is TaxMSP, not Tax2MSP`; empty when they agree
 */
export function roleDifferences(stored: RoleValues, expected: RoleValues): string[] {
  const differences = sameList(stored.departmentMsps, expected.departmentMsps)
    ? []
    : [`departmentMsps are ${stored.departmentMsps.join(', ')}, not ${expected.departmentMsps.join(', ')}`];
  const names = [...new Set([...stored.roles, ...expected.roles].map((assignment) => assignment.role))].sort();
  for (const role of names) {
    const [was, want] = [roleMsps(stored, role), roleMsps(expected, role)];
    if (!sameList(was, want)) differences.push(`role ${role} is ${was.join(', ') || 'unset'}, not ${want.join(', ')}`);
  }
  return differences;
}

/**
 * One chaincode's role configuration on one state key: reading it (cached per transaction), and seeding and
 * updating it from this endorser's governance file.
 */
export class RoleConfigStore {
  /** The configuration read in a transaction (Fabric makes a stub per transaction; the id guards reuse). */
  readonly #cache = new WeakMap<object, { readonly txId: string; readonly config: RoleConfig }>();

  /**
   * @param chaincode - the chaincode's name, for messages
   * @param specs - the roles the chaincode needs
   * @param key - the state key (default `roleConfig`)
   * @param endorserRole - principal role of the majority policy set on the key
   */
  constructor(
    readonly chaincode: string,
    readonly specs: readonly RoleSpec[],
    readonly key = 'roleConfig',
    readonly endorserRole: EndorserRole = 'PEER',
  ) {}

  /**
   * The configuration this endorser would write: the departments and the chaincode's roles from its
   * governance file.
   *
   * @param governance - the governance data (default: this endorser's file)
   * @returns the values, lists sorted
   * @throws PRECONDITION_FAILED when the file is missing, malformed or a role has too few or too many holders
   */
  governed(governance: Governance = loadGovernance()): RoleValues {
    const roles = [...this.specs]
      .sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0))
      .map(({ role, min = 1, max = 64 }) => {
        const msps = [...(governance.roles?.[role] ?? [])].sort();
        if (msps.length < min || msps.length > max) {
          const count = min === max ? `${min}` : `${min} to ${max}`;
          throw preconditionFailed(`this endorser's governance file must give role ${role} ${count} department(s)`);
        }
        return Object.assign(new RoleAssignment(), { role, msps });
      });
    return { departmentMsps: [...governance.departmentMsps].sort(), roles };
  }

  /**
   * @param ctx - transaction context
   * @returns the stored configuration, or undefined before SeedRoles
   */
  async read(ctx: Context): Promise<RoleConfig | undefined> {
    const cached = this.#cache.get(ctx.stub);
    if (cached?.txId === ctx.stub.getTxID()) return cached.config;
    const config = await readJson(ctx, this.key, storedRecord(RoleConfig, 'roleConfig'), `${this.chaincode} roles`);
    if (config !== undefined) this.#cache.set(ctx.stub, { txId: ctx.stub.getTxID(), config });
    return config;
  }

  /**
   * @param ctx - transaction context
   * @returns the stored configuration
   * @throws PRECONDITION_FAILED before SeedRoles
   */
  async require(ctx: Context): Promise<RoleConfig> {
    const config = await this.read(ctx);
    if (config === undefined) {
      throw preconditionFailed(`${this.chaincode} roles are not configured; call SeedRoles first`);
    }
    return config;
  }

  /**
   * SeedRoles: writes this endorser's governed configuration when none is stored; when one is, writes nothing
   * and checks that it agrees.
   *
   * @param ctx - transaction context
   * @param values - this endorser's governed configuration (default: {@link governed})
   * @returns whether it was written, and the configuration
   * @throws FORBIDDEN when the caller is not a governed department
   * @throws CONFLICT naming the differences when the stored configuration differs
   */
  async seed(ctx: Context, values: RoleValues = this.governed()): Promise<RoleOutcome> {
    requireCallerIn(ctx, values.departmentMsps, `configure ${this.chaincode} roles (not a governed department)`);
    const stored = await this.read(ctx);
    if (stored !== undefined) {
      const differences = roleDifferences(stored, values);
      if (differences.length > 0) {
        throw conflict(
          `stored ${this.chaincode} roles differ from this endorser's governance: ${differences.slice(0, 3).join('; ')}`,
        );
      }
      return { written: false, config: stored };
    }
    return { written: true, config: await this.#write(ctx, values) };
  }

  /**
   * UpdateRoles: brings the stored configuration to this endorser's governance file. Every endorser writes
   * what its own file says, and the key's policy needs a majority of the current departments.
   *
   * @param ctx - transaction context
   * @param values - this endorser's governed configuration (default: {@link governed})
   * @returns whether it was written, and the configuration
   * @throws PRECONDITION_FAILED before SeedRoles
   * @throws FORBIDDEN when the caller is not a current department
   */
  async update(ctx: Context, values: RoleValues = this.governed()): Promise<RoleOutcome> {
    const current = await this.require(ctx);
    requireCallerIn(ctx, current.departmentMsps, `change ${this.chaincode} roles (not a department)`);
    if (roleDifferences(current, values).length === 0) return { written: false, config: current };
    return { written: true, config: await this.#write(ctx, values) };
  }

  async #write(ctx: Context, values: RoleValues): Promise<RoleConfig> {
    const config = Object.assign(new RoleConfig(), {
      departmentMsps: [...values.departmentMsps],
      roles: values.roles.map((assignment) => Object.assign(new RoleAssignment(), assignment)),
      updatedAt: txTimeIso(ctx),
      updatedByMsp: callerMsp(ctx),
      txId: ctx.stub.getTxID(),
    });
    await writeJson(ctx, this.key, config);
    await ctx.stub.setStateValidationParameter(
      this.key,
      majorityOfOrgsPolicy(config.departmentMsps, this.endorserRole),
    );
    this.#cache.set(ctx.stub, { txId: ctx.stub.getTxID(), config });
    return config;
  }
}
