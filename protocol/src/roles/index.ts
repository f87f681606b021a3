/**
 * The on-ledger role configuration every govchain chaincode can keep (chaincode-common's role-config
 * service): which departments are on the channel and which department holds each named role, seeded from
 * the consortium's governance file on every endorser and changed only by a majority of the departments.
 * Clients read it to choose endorsers instead of hard-coding MSP ids.
 */
import { NestedList, Text, TextList, Time } from '../decorators';
import { ID_RULE, MSP_ID_RULE, type StringRule } from '../rules';

/** Most MSPs a role (or the department list) may hold. */
export const MAX_ROLE_MSPS = 64;
/** Most roles one configuration names. */
export const MAX_ROLES = 64;
/** Role names: lowerCamelCase, e.g. `propertyRegistry`. */
export const ROLE_NAME_RULE: StringRule = {
  maxLength: 64,
  pattern: /^[a-z][A-Za-z0-9]{0,63}$/,
  patternHint: 'a lowerCamelCase role name such as propertyRegistry',
};

/** One role and the departments that hold it, sorted. */
export class RoleAssignment {
  @Text(ROLE_NAME_RULE) role!: string;

  @TextList(MSP_ID_RULE, { min: 1, max: MAX_ROLE_MSPS, unique: true }) msps!: string[];
}

/** A chaincode's role configuration, as stored and as its `GetRoles` returns it. */
export class RoleConfig {
  /** Every department of the channel, sorted: a majority of them changes the configuration. */
  @TextList(MSP_ID_RULE, { min: 2, max: MAX_ROLE_MSPS, unique: true }) departmentMsps!: string[];

  /** The roles the chaincode uses, sorted by name. */
  @NestedList(() => RoleAssignment, { max: MAX_ROLES }) roles!: RoleAssignment[];

  @Time() updatedAt!: string;

  @Text(MSP_ID_RULE) updatedByMsp!: string;

  @Text(ID_RULE) txId!: string;
}

/**
 * @param config - a role configuration
 * @param role - a role name
 * @returns the departments holding the role (empty when the configuration does not name it)
 */
export function roleMsps(config: Pick<RoleConfig, 'roles'>, role: string): readonly string[] {
  return config.roles.find((assignment) => assignment.role === role)?.msps ?? [];
}

/**
 * A majority of the departments, the caller first when it is one of them: the endorsers of a governance
 * change (the chaincodes' `MAJORITY` of departments).
 *
 * @param departments - every department's MSP id (from on-ledger roles).
 * @param callerMsp - the caller.
 * @returns `floor(n/2) + 1` departments.
 */
export function majorityOf(departments: readonly string[], callerMsp: string): string[] {
  const ordered = departments.includes(callerMsp)
    ? [callerMsp, ...departments.filter((msp) => msp !== callerMsp)]
    : [...departments];
  return ordered.slice(0, Math.floor(departments.length / 2) + 1);
}
