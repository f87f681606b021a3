import { common, msp } from '@hyperledger/fabric-protos';

/** Principal role for a key-level policy: `PEER` (endorsing peers) or `MEMBER` (any identity of the org). */
export type EndorserRole = 'PEER' | 'MEMBER';

/** A flat n-out-of policy over organization roles, as decoded from a SignaturePolicyEnvelope. */
export interface OrgsPolicy {
  /** Number of distinct principals whose signature is required. */
  readonly n: number;
  /** The principals, in the order they appear in the envelope. */
  readonly principals: readonly { readonly mspId: string; readonly role: EndorserRole }[];
}

const ROLE_TO_PROTO = {
  PEER: msp.MSPRole.MSPRoleType.PEER,
  MEMBER: msp.MSPRole.MSPRoleType.MEMBER,
} as const;

/**
 * Strict majority of a number of organizations: floor(count / 2) + 1.
 *
 * @param count - number of organizations
 * @returns how many of them form a majority
 */
export function majorityOf(count: number): number {
  return Math.floor(count / 2) + 1;
}

/**
 * Builds a key-level endorsement policy (a serialized SignaturePolicyEnvelope)
 * requiring signatures from `n` of the given organizations. fabric-shim's
 * KeyEndorsementPolicy can only say "all of these", so the envelope is built
 * here from the protobuf classes. Organizations are de-duplicated and sorted,
 * so equal inputs give identical bytes on every endorser.
 *
 * @param n - how many of the organizations must endorse (1 ≤ n ≤ number of orgs)
 * @param mspIds - the organizations
 * @param role - principal role, `PEER` by default
 * @returns the policy bytes for `setStateValidationParameter`
 * @throws RangeError when the list is empty or n is out of range
 */
export function nOutOfOrgsPolicy(n: number, mspIds: readonly string[], role: EndorserRole = 'PEER'): Uint8Array {
  const orgs = [...new Set(mspIds)].sort();
  if (orgs.length === 0 || !Number.isInteger(n) || n < 1 || n > orgs.length) {
    throw new RangeError(`cannot require ${n} of ${orgs.length} organizations`);
  }
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setIdentitiesList(orgs.map((mspId) => rolePrincipal(mspId, role)));
  envelope.setRule(
    nOutOfRule(
      n,
      orgs.map((_, index) => signedBy(index)),
    ),
  );
  return envelope.serializeBinary();
}

/**
 * A key-level policy requiring every one of the organizations (the same policy
 * fabric-shim's KeyEndorsementPolicy builds, with a deterministic org order).
 *
 * @param mspIds - the organizations
 * @param role - principal role, `PEER` by default
 * @returns the policy bytes
 */
export function allOfOrgsPolicy(mspIds: readonly string[], role: EndorserRole = 'PEER'): Uint8Array {
  return nOutOfOrgsPolicy(new Set(mspIds).size, mspIds, role);
}

/**
 * A key-level policy requiring a strict majority (floor(n/2)+1) of the organizations.
 *
 * @param mspIds - the organizations
 * @param role - principal role, `PEER` by default
 * @returns the policy bytes
 */
export function majorityOfOrgsPolicy(mspIds: readonly string[], role: EndorserRole = 'PEER'): Uint8Array {
  return nOutOfOrgsPolicy(majorityOf(new Set(mspIds).size), mspIds, role);
}

/**
 * Decodes a flat n-out-of policy as built by {@link nOutOfOrgsPolicy}
 * (and by fabric-shim's KeyEndorsementPolicy).
 *
 * @param bytes - serialized SignaturePolicyEnvelope
 * @returns the required count and the principals
 * @throws Error when the envelope is not a flat n-out-of of signed-by rules over roles
 */
export function decodeOrgsPolicy(bytes: Uint8Array): OrgsPolicy {
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  const nOutOf = envelope.getRule()?.getNOutOf();
  if (nOutOf === undefined) {
    throw new Error('policy is not an n-out-of policy');
  }
  const identities = envelope.getIdentitiesList();
  const principals = nOutOf.getRulesList().map((rule) => {
    if (!rule.hasSignedBy()) {
      throw new Error('policy nests n-out-of rules');
    }
    const identity = identities[rule.getSignedBy()];
    if (identity?.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
      throw new Error('policy principal is not an MSP role');
    }
    const mspRole = msp.MSPRole.deserializeBinary(identity.getPrincipal_asU8());
    const role: EndorserRole = mspRole.getRole() === msp.MSPRole.MSPRoleType.PEER ? 'PEER' : 'MEMBER';
    return { mspId: mspRole.getMspIdentifier(), role };
  });
  return { n: nOutOf.getN(), principals };
}

function rolePrincipal(mspId: string, role: EndorserRole): msp.MSPPrincipal {
  const mspRole = new msp.MSPRole();
  mspRole.setMspIdentifier(mspId);
  mspRole.setRole(ROLE_TO_PROTO[role]);
  const principal = new msp.MSPPrincipal();
  principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  principal.setPrincipal(mspRole.serializeBinary());
  return principal;
}

function signedBy(index: number): common.SignaturePolicy {
  const rule = new common.SignaturePolicy();
  rule.setSignedBy(index);
  return rule;
}

function nOutOfRule(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
  const nOutOf = new common.SignaturePolicy.NOutOf();
  nOutOf.setN(n);
  nOutOf.setRulesList(rules);
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(nOutOf);
  return rule;
}

/**
 * The key-level policy for a record one department owns:
 * `AND(owner, OutOf(1, every other department))`. The owner must endorse, and so
 * must one other department running the genuine chaincode. A key-level policy
 * replaces the chaincode-level policy for the key it guards, so a `1-of-[owner]`
 * policy would let the owner alone (with modified chaincode) write anything
 * into it; this one never does.
 *
 * @param owner - the owning department's MSP id
 * @param departments - every department of the chaincode (the owner may be among them)
 * @param role - principal role, `PEER` by default
 * @returns the policy bytes for `setStateValidationParameter`
 * @throws RangeError when no department other than the owner is known
 */
export function ownerAndOtherPolicy(
  owner: string,
  departments: readonly string[],
  role: EndorserRole = 'PEER',
): Uint8Array {
  const others = [...new Set(departments)].filter((m) => m !== owner).sort();
  if (others.length === 0) {
    throw new RangeError(`no department other than ${owner} can co-endorse`);
  }
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setIdentitiesList([owner, ...others].map((m) => rolePrincipal(m, role)));
  const othersRule = nOutOfRule(
    1,
    others.map((_, i) => signedBy(i + 1)),
  );
  envelope.setRule(nOutOfRule(2, [signedBy(0), othersRule]));
  return envelope.serializeBinary();
}

/**
 * The key-level policy for a record two departments answer for together
 * (e.g. a bid: the centre that submitted it and the centre that publishes the
 * project): `AND(first, second, OutOf(1, the rest))` when both are the same
 * department it is {@link ownerAndOtherPolicy}; when they differ both must endorse.
 *
 * @param first - one responsible department
 * @param second - the other responsible department
 * @param departments - every department of the chaincode
 * @param role - principal role, `PEER` by default
 * @returns the policy bytes
 */
export function jointOwnersPolicy(
  first: string,
  second: string,
  departments: readonly string[],
  role: EndorserRole = 'PEER',
): Uint8Array {
  if (first === second) return ownerAndOtherPolicy(first, departments, role);
  return allOfOrgsPolicy([first, second], role);
}

/**
 * Renders a key-level policy envelope in Fabric's policy language, e.g.
 * `AND('A.peer', OutOf(1, 'B.peer', 'C.peer'))` (`OutOf(n, …)` where n is
 * neither 1 nor all). Principals are rendered in envelope order.
 *
 * @param bytes - serialized SignaturePolicyEnvelope
 * @returns the policy as text
 * @throws Error when a principal is not an MSP role
 */
export function describePolicy(bytes: Uint8Array): string {
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  const names = envelope.getIdentitiesList().map((identity) => {
    if (identity.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
      throw new Error('policy principal is not an MSP role');
    }
    const mspRole = msp.MSPRole.deserializeBinary(identity.getPrincipal_asU8());
    const role = mspRole.getRole() === msp.MSPRole.MSPRoleType.PEER ? 'peer' : 'member';
    return `'${mspRole.getMspIdentifier()}.${role}'`;
  });
  const render = (rule: common.SignaturePolicy | undefined): string => {
    if (rule === undefined) throw new Error('policy has no rule');
    if (rule.hasSignedBy()) {
      const name = names[rule.getSignedBy()];
      if (name === undefined) throw new Error('policy names an unknown principal');
      return name;
    }
    const nOutOf = rule.getNOutOf();
    if (nOutOf === undefined) throw new Error('policy rule is neither signed-by nor n-out-of');
    const parts = nOutOf.getRulesList().map(render);
    if (nOutOf.getN() === parts.length && parts.length > 1) return `AND(${parts.join(', ')})`;
    return `OutOf(${nOutOf.getN()}, ${parts.join(', ')})`;
  };
  return render(envelope.getRule());
}
