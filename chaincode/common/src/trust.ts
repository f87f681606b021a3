import { readFileSync, statSync } from 'node:fs';
import { Contract, type Context } from 'fabric-contract-api';
import { type ClerkAccess, type ContractDescriptor, transactionOf } from '@govchain/protocol';
import { callerMsp, requireClerkAccess } from './access';
import { forbidden, preconditionFailed } from './errors';
import { type ProposalSource, requireBoundedProposal } from './limits';
import { proposedChaincode, proposedFunction } from './proposal';
import { MSP_ID_PATTERN, isJsonObject } from './validation';
import { isoFromMillis, txTimeMillis } from './time';

/**
 * What each endorser enforces on its own, whatever the proposal says: the
 * proposal's timestamp within a bounded skew of the endorser's clock, private
 * reads on the caller's own peer only, and governance data from the file the
 * consortium agreed rather than from the first caller's arguments.
 */

/** Default bound between a proposal's timestamp and an endorser's clock. */
export const DEFAULT_MAX_CLOCK_SKEW_MILLIS = 30_000;

/** Environment variable (seconds) that changes the bound for one chaincode server. */
export const MAX_CLOCK_SKEW_ENV = 'GOVCHAIN_MAX_CLOCK_SKEW_SECONDS';

/** Environment variable naming the consortium's governance file for one chaincode server. */
export const GOVERNANCE_FILE_ENV = 'GOVCHAIN_GOVERNANCE_FILE';

/**
 * @param env - the process environment
 * @returns the configured skew bound in milliseconds
 * @throws Error when the variable is set but is not a positive number of seconds (a server misconfiguration)
 */
export function maxClockSkewMillis(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_CLOCK_SKEW_ENV];
  if (raw === undefined || raw === '') return DEFAULT_MAX_CLOCK_SKEW_MILLIS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${MAX_CLOCK_SKEW_ENV}=${raw} is not a positive number of seconds`);
  }
  return Math.round(seconds * 1000);
}

/**
 * Refuses a proposal whose timestamp is further than the bound from this
 * endorser's own clock. The client chooses the timestamp and no Fabric
 * component checks it; every time rule of our chaincodes reads it, so each
 * honest endorser checks it here. This is a refusal only: the read/write set
 * never depends on the endorser's clock, so endorsements stay deterministic.
 *
 * @param ctx - transaction context
 * @param nowMillis - this endorser's clock (milliseconds since the epoch)
 * @param skewMillis - the allowed distance either way
 * @throws PRECONDITION_FAILED when the timestamp is outside the bound
 */
export function requireTimelyProposal(ctx: Context, nowMillis: number, skewMillis: number): void {
  const proposed = txTimeMillis(ctx);
  if (Math.abs(proposed - nowMillis) > skewMillis) {
    throw preconditionFailed(
      `proposal timestamp ${isoFromMillis(proposed)} is ${Math.round((proposed - nowMillis) / 1000)} s from this endorser's clock ${isoFromMillis(nowMillis)} (allowed ±${skewMillis / 1000} s)`,
    );
  }
}

/** A context as fabric-contract-api makes it: the shim hands it the stub with `setChaincodeStub`. */
type StubbedContext = Context & { setChaincodeStub(stub: Context['stub']): void };

/** fabric-contract-api's record of a transaction function (`fabric:transactions` metadata). */
interface TransactionMetadata {
  readonly name?: unknown;
  readonly parameters?: readonly { readonly name?: unknown }[];
}

/** What a contract tells its base class about itself. */
export interface ContractAccess {
  /** Its transactions, with the clerk roles each allows (`@govchain/protocol/<chaincode>`). */
  readonly transactions: ContractDescriptor;
  /**
   * The chaincodes that call this one inside their own transactions (real-estate issuing certificates
   * through e-license): a call from one of them is allowed the clerk roles of the caller's transaction.
   */
  readonly callers?: readonly ContractDescriptor[];
}

/** `Contract:Name` or `Name` → `Name`. */
function transactionName(fn: string): string {
  return fn.slice(fn.lastIndexOf(':') + 1);
}

/**
 * The base class of every govchain contract: before any transaction runs, the
 * endorser checks the size of every argument and transient value
 * ({@link requireBoundedProposal}), the proposal's timestamp against its own
 * clock ({@link requireTimelyProposal}) and, where the governance file says so,
 * the caller's clerk roles against the transaction's ({@link requireClerkAccess}).
 */
export class GovchainContract extends Contract {
  readonly #access: ContractAccess | undefined;

  /**
   * @param name - the contract's name
   * @param access - its transactions and callers; without it (the control chaincode) no clerk role is checked
   */
  constructor(name: string, access?: ContractAccess) {
    super(name);
    this.#access = access;
  }

  /**
   * @param ctx - transaction context
   * @returns the clerk roles the transaction being run allows, and its name; for a call from another
   * chaincode of {@link ContractAccess.callers}, those of the caller's transaction at the top of the chain
   */
  clerkAccessOf(ctx: Context): { readonly access: ClerkAccess; readonly transaction: string } | undefined {
    if (this.#access === undefined) return undefined;
    const proposed = proposedChaincode(ctx);
    const caller = this.#access.callers?.find((contract) => contract.title === proposed);
    if (caller !== undefined) {
      const name = transactionName(proposedFunction(ctx) ?? '');
      const outer = transactionOf(caller, name);
      if (outer !== undefined) return { access: outer.clerkRoles, transaction: `${caller.title} ${name}` };
    }
    const name = transactionName(ctx.stub.getFunctionAndParameters().fcn);
    const own = transactionOf(this.#access.transactions, name);
    // A function the descriptor does not list is refused by fabric-contract-api before it runs; no role
    // allows it here either.
    return { access: own?.clerkRoles ?? [], transaction: name };
  }
  /**
   * fabric-contract-api calls this for every transaction, then hands the new
   * context its stub, and only then converts the arguments for the
   * transaction function (`beforeTransaction` runs after that conversion). The
   * size bounds are therefore checked as the stub is handed over: an oversized
   * argument is refused before any of it is decoded. The context stays a plain
   * `Context` (its `setChaincodeStub` is wrapped, not overridden in a
   * subclass) because `@Transaction` recognises the `ctx` parameter by the
   * class this method returns.
   *
   * @returns the transaction context
   */
  override createContext(): Context {
    // setChaincodeStub is fabric-contract-api's (context.js), left out of its type declarations.
    const ctx = super.createContext() as StubbedContext;
    const setStub = ctx.setChaincodeStub.bind(ctx);
    ctx.setChaincodeStub = (stub: Context['stub']): void => {
      const source = stub as unknown as ProposalSource;
      requireBoundedProposal(source, this.#parameterNames(source.getBufferArgs()[0]));
      setStub(stub);
    };
    return ctx;
  }

  /**
   * @param fn - the raw function argument, `[contract:]Function`
   * @returns the parameter names of that transaction function, from the contract's metadata
   */
  #parameterNames(fn: Uint8Array | undefined): string[] {
    if (fn === undefined || fn.length > 256) return [];
    const name = Buffer.from(fn).toString('utf8').split(':').pop();
    const reflect = Reflect as unknown as { getMetadata?: (key: string, target: object) => unknown };
    const transactions = reflect.getMetadata?.('fabric:transactions', this);
    if (!Array.isArray(transactions)) return [];
    const transaction = (transactions as TransactionMetadata[]).find((t) => t.name === name);
    return (transaction?.parameters ?? []).map((p) => (typeof p.name === 'string' ? p.name : '?'));
  }

  /**
   * fabric-contract-api calls this before every transaction function.
   *
   * @param ctx - transaction context
   * @throws PRECONDITION_FAILED when the proposal's timestamp is out of bounds, or the governance file is
   * missing or malformed
   * @throws FORBIDDEN when clerk roles are enforced and the caller holds none the transaction allows
   */
  override async beforeTransaction(ctx: Context): Promise<void> {
    await super.beforeTransaction(ctx);
    // The one place chaincode reads the wall clock: to refuse, never to write.
    requireTimelyProposal(ctx, Date.now(), maxClockSkewMillis());
    if (this.#access !== undefined && loadGovernance().enforceClerkRoles) {
      const clerk = this.clerkAccessOf(ctx);
      if (clerk !== undefined) requireClerkAccess(ctx, clerk.access, clerk.transaction);
    }
  }
}

/**
 * Refuses to run anywhere but on a peer of the given organization: how a read
 * of private data held by one organization stays on that organization's peer.
 * Run on two peers it could gather the endorsements to commit, and its
 * response (the private data) would be written into a block.
 *
 * @param ctx - transaction context
 * @param mspId - the only organization whose peers may run it
 * @param action - what the caller tries to do, for the message
 * @throws FORBIDDEN on a peer of any other organization
 */
export function requirePeerOf(ctx: Context, mspId: string, action: string): void {
  const peer = ctx.stub.getMspID();
  if (peer !== mspId) {
    throw forbidden(`${action} runs only on a peer of ${mspId} (this peer: ${peer})`);
  }
}

/**
 * {@link requirePeerOf} the caller's own organization: for transactions that
 * return private data the caller's peer holds.
 *
 * @param ctx - transaction context
 * @param action - what the caller tries to do, for the message
 * @returns the caller's MSP id
 * @throws FORBIDDEN when the peer belongs to another organization
 */
export function requireCallersOwnPeer(ctx: Context, action: string): string {
  const caller = callerMsp(ctx);
  const peer = ctx.stub.getMspID();
  if (peer !== caller) {
    throw forbidden(`${action} runs only on the caller's own peer (caller ${caller}, peer ${peer})`);
  }
  return caller;
}

/** The consortium's governance data every honest endorser holds (see {@link loadGovernance}). */
export interface Governance {
  /** Every department of the channel, sorted. */
  readonly departmentMsps: readonly string[];
  /** How many holder-reference grants one department may obtain per hour (e-license RequestHolderRef). */
  readonly holderRefGrantsPerHour: number;
  /** Who holds each named role (`propertyRegistry`, `taxAuthority`, …): departments, sorted. */
  readonly roles?: Readonly<Record<string, readonly string[]>>;
  /**
   * Whether every transaction checks the caller's clerk roles (`govchain.role` in a Fabric CA enrolment
   * certificate). On where departments run their own CAs; off for cryptogen identities, which carry no
   * attributes (then any member of a department may do what the department may).
   */
  readonly enforceClerkRoles: boolean;
}

/** {@link Governance.holderRefGrantsPerHour} when the governance file does not set it. */
export const DEFAULT_HOLDER_REF_GRANTS_PER_HOUR = 600;

/**
 * Reads the governance file the consortium agreed and each department's operator
 * installs beside its chaincode servers (`GOVCHAIN_GOVERNANCE_FILE`): seeding
 * takes its governance lists from here, never from the caller's arguments, so
 * a department that seeds first with modified chaincode cannot find a second,
 * honest endorser that writes the same thing.
 *
 * @param env - the process environment
 * @returns the governance data
 * @throws PRECONDITION_FAILED when the file is not configured, unreadable or malformed
 */
export function loadGovernance(env: NodeJS.ProcessEnv = process.env): Governance {
  const file = env[GOVERNANCE_FILE_ENV];
  if (file === undefined || file === '') {
    throw preconditionFailed(`this endorser has no governance file (${GOVERNANCE_FILE_ENV} is not set)`);
  }
  const identity = fileIdentity(file);
  if (lastRead?.file === file && lastRead.identity === identity) return lastRead.governance;
  const governance = parseGovernance(readGovernanceFile(file));
  if (identity !== undefined) lastRead = { file, identity, governance };
  return governance;
}

/**
 * The governance file last read, by its path and identity. Every transaction asks for the governance
 * (`beforeTransaction` among others); reading and checking the file each time took about 6 % of a
 * VerifyLicense's CPU. The cache only spares that work: its value is what reading the file gives, and a
 * file that changes (`network:up` replaces it when the membership changes) has another identity, so the
 * next transaction reads it again. It never holds a refusal.
 */
let lastRead: { readonly file: string; readonly identity: string; readonly governance: Governance } | undefined;

/** Device, inode, size and change times, in nanoseconds: any rewrite or replacement changes one of them. */
function fileIdentity(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
}

function parseGovernance(parsed: Record<string, unknown>): Governance {
  const list = parsed.departmentMsps;
  if (
    !Array.isArray(list) ||
    list.length < 2 ||
    !list.every((m): m is string => typeof m === 'string' && MSP_ID_PATTERN.test(m)) ||
    new Set(list).size !== list.length
  ) {
    throw preconditionFailed('the governance file must list departmentMsps: at least two distinct MSP ids');
  }
  const limit = parsed.holderRefGrantsPerHour;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && (limit as number) >= 1)) {
    throw preconditionFailed("the governance file's holderRefGrantsPerHour must be a positive integer");
  }
  const enforce = parsed.enforceClerkRoles;
  if (enforce !== undefined && typeof enforce !== 'boolean') {
    throw preconditionFailed("the governance file's enforceClerkRoles must be true or false");
  }
  // Frozen: one value serves every transaction until the file changes (see lastRead).
  const roles = readGovernanceRoles(parsed.roles, list);
  for (const msps of Object.values(roles)) Object.freeze(msps);
  return Object.freeze({
    departmentMsps: Object.freeze([...list].sort()),
    holderRefGrantsPerHour: (limit as number | undefined) ?? DEFAULT_HOLDER_REF_GRANTS_PER_HOUR,
    roles: Object.freeze(roles),
    enforceClerkRoles: enforce ?? false,
  });
}

function readGovernanceFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw preconditionFailed(`this endorser cannot read its governance file: ${(err as Error).message}`);
  }
  return isJsonObject(parsed) ? parsed : {};
}

/** The governance file's `roles`: `{ role: [departments] }`, each a department of the file. */
function readGovernanceRoles(value: unknown, departments: readonly string[]): Record<string, string[]> {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw preconditionFailed("the governance file's roles must be an object");
  const roles: Record<string, string[]> = {};
  for (const [role, msps] of Object.entries(value)) {
    if (
      !/^[a-z][A-Za-z0-9]{0,63}$/.test(role) ||
      !Array.isArray(msps) ||
      !msps.every((m): m is string => typeof m === 'string' && departments.includes(m)) ||
      new Set(msps).size !== msps.length
    ) {
      throw preconditionFailed(`the governance file's role ${JSON.stringify(role)} must list distinct departments`);
    }
    roles[role] = [...msps].sort();
  }
  return roles;
}
