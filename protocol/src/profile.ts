/**
 * The connection profile: the file the network scripts write for each department
 * (`<home>/profiles/<department>.json`) and the gateway client reads. Defined once here, so what the
 * writer produces and what the reader accepts cannot drift.
 */
import { CLERK_ROLE_RULE } from './clerks';
import { Nested, Optional, Text, TextList, TextMap } from './decorators';
import { MSP_ID_RULE, type StringRule } from './rules';

/** Department keys: lower-case letters, digits and dashes, e.g. `public-security`. */
export const DEPARTMENT_KEY_RULE: StringRule = {
  maxLength: 63,
  pattern: /^[a-z0-9][a-z0-9-]*$/,
  patternHint: 'lower-case letters, digits and dashes',
};

/** An absolute file path (the profile is read from anywhere). */
export const ABSOLUTE_PATH_RULE: StringRule = {
  maxLength: 4096,
  pattern: /^\/\S/,
  patternHint: 'an absolute path',
};

/** Any non-blank text of a profile (names, endpoints, host names). */
const TEXT_RULE: StringRule = { maxLength: 256, pattern: /\S/, patternHint: 'a non-empty string' };

/** An identity's certificate and private key files. */
export class IdentityPathsDocument {
  /** PEM X.509 certificate. */
  @Text(ABSOLUTE_PATH_RULE) certPath!: string;

  /** PEM private key. */
  @Text(ABSOLUTE_PATH_RULE) keyPath!: string;
}

/** A department's identities by role. */
export class IdentitiesDocument {
  @Optional() @Nested(() => IdentityPathsDocument) admin?: IdentityPathsDocument;

  @Optional() @Nested(() => IdentityPathsDocument) user?: IdentityPathsDocument;
}

/** The department's gateway peer. */
export class PeerDocument {
  /** `host:port` to dial. */
  @Text(TEXT_RULE) endpoint!: string;

  /** TLS server name to expect (the peer's certificate host name). */
  @Text(TEXT_RULE) hostAlias!: string;

  /** PEM TLS CA certificate of the peer's organization. */
  @Text(ABSOLUTE_PATH_RULE) tlsCACertPath!: string;
}

/** The department's member services: its Fabric CA and the clerk roles its registrar may give. */
export class MemberServicesDocument {
  /** `https://host:port` of the department's CA server. */
  @Text(TEXT_RULE) url!: string;

  /** The identity CA's name on that server. */
  @Text(TEXT_RULE) caName!: string;

  /** PEM certificate the CA server's TLS certificate chains to. */
  @Text(ABSOLUTE_PATH_RULE) tlsCACertPath!: string;

  /** The department's role table (the topology's `clerkRoles`). */
  @TextList(CLERK_ROLE_RULE, { min: 1, max: 16, unique: true }) clerkRoles!: string[];
}

/** A department's connection profile file. */
export class ProfileDocument {
  /** Department key, e.g. `public-security`. */
  @Text(DEPARTMENT_KEY_RULE) department!: string;

  /** Display name, e.g. `Public Security Bureau`. */
  @Text(TEXT_RULE) name!: string;

  @Text(MSP_ID_RULE) mspId!: string;

  @Text(TEXT_RULE) channel!: string;

  @Nested(() => PeerDocument) peer!: PeerDocument;

  @Nested(() => IdentitiesDocument) identities!: IdentitiesDocument;

  /** Deployed chaincode name by logical name (`e-license` → `e-license`). */
  @TextMap({ maxLength: 64 }, TEXT_RULE) chaincodes!: Record<string, string>;

  /** The department's Fabric CA, where it runs one (absent with cryptogen identities). */
  @Optional() @Nested(() => MemberServicesDocument) memberServices?: MemberServicesDocument;
}
