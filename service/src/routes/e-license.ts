/**
 * The e-license chaincode over REST: licence types, licences and their lifecycle, verification, holder
 * references and keys, consents and consented reads of personal detail. Every route runs one method of the
 * typed client, so endorsement, holder-reference grants and result checks are the library's. Personal data
 * (an ID number, a name, detail) is accepted only in request bodies, which the client sends as transient data.
 */
import type { HolderRefPurpose, LicenseTypeInput, NewLicense } from '@govchain/protocol/e-license';
import {
  E_LICENSE_TRANSACTIONS,
  GRANT_ID_RULE,
  ID_NUMBER_RULE,
  NAME_RULE,
  DETAIL_VALUE_RULE,
  METADATA_FIELD_RULE,
} from '@govchain/protocol/e-license';
import { CODE_RULE, ISO_UTC_RULE, MSP_ID_RULE } from '@govchain/protocol';
import { parameterSchema } from '@govchain/protocol/schema';
import type { JsonSchema } from '../schemas';
import { type Input, type Route, opt, pageOf, parametersBody, routesOf, str } from './route';

function text(description: string, rule: Parameters<typeof parameterSchema>[0]['rule']): JsonSchema {
  return parameterSchema({ name: 'value', description, ...(rule === undefined ? {} : { rule }) });
}

/** The holder of a new licence: personal data, sent to the chaincode as transient data only. */
const HOLDER: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['idNumber', 'name'],
  properties: {
    idNumber: text("the holder's ID number", ID_NUMBER_RULE),
    name: text("the holder's name", NAME_RULE),
    holderRefGrant: text('a grant of the holder reference (requested when absent)', GRANT_ID_RULE),
    detail: {
      type: 'object',
      description: 'further personal detail, kept in the issuer’s private collection',
      maxProperties: 32,
      propertyNames: text('field', METADATA_FIELD_RULE),
      additionalProperties: text('value', DETAIL_VALUE_RULE),
    },
  },
};

const NEW_LICENCE_MEMBERS = { licence: { $ref: '#/definitions/LicenseInput' }, holder: HOLDER };
const NEW_LICENCE: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['licence', 'holder'],
  properties: NEW_LICENCE_MEMBERS,
};

const STATUS_CHANGE: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reasonCode'],
  properties: {
    reasonCode: text('reason code, e.g. COURT_ORDER', CODE_RULE),
    effectiveAt: text('when the change takes effect (default: the transaction time)', ISO_UTC_RULE),
  },
};

const SIGNED = (member: string, record: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: [member, 'signature'],
  properties: {
    [member]: { $ref: `#/definitions/${record}` },
    signature: { type: 'string', pattern: '^[0-9a-f]{16,512}$', description: 'ECDSA P-256 signature, hex' },
  },
});

function newLicence(input: Input): NewLicense & { holder: { idNumber: string; name: string } } {
  return { ...(input.licence as NewLicense), holder: input.holder as { idNumber: string; name: string } };
}

function statusChange(input: Input): { licenceId: string; reasonCode: string; effectiveAt?: string } {
  const effectiveAt = opt(input, 'effectiveAt');
  return {
    licenceId: str(input, 'licenceId'),
    reasonCode: str(input, 'reasonCode'),
    ...(effectiveAt === undefined ? {} : { effectiveAt }),
  };
}

/** The e-license routes. */
export const E_LICENSE_ROUTES: readonly Route[] = routesOf('e-license', E_LICENSE_TRANSACTIONS, [
  // ------------------------------------------------------------------ licence types (registry)
  {
    transaction: 'ListLicenseTypes',
    method: 'GET',
    path: '/licence-types',
    run: (c) => c.eLicense.listLicenseTypes(),
  },
  {
    transaction: 'GetLicenseType',
    method: 'GET',
    path: '/licence-types/:code',
    params: ['code'],
    run: (c, i) => c.eLicense.getLicenseType(str(i, 'code')),
  },
  {
    transaction: 'PutLicenseType',
    method: 'POST',
    path: '/licence-types',
    body: { $ref: '#/definitions/LicenseType' },
    run: (c, i, o) => c.eLicense.putLicenseType(i as unknown as LicenseTypeInput, o),
  },
  {
    transaction: 'SeedLicenseTypes',
    method: 'POST',
    path: '/licence-types/seed',
    run: (c, _i, o) => c.eLicense.seedLicenseTypes(o),
  },
  {
    transaction: 'SetGovernanceMsps',
    method: 'PUT',
    path: '/governance-msps',
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['governanceMsps'],
      properties: {
        governanceMsps: { type: 'array', minItems: 1, maxItems: 100, items: text('MSP id', MSP_ID_RULE) },
      },
    },
    run: (c, i, o) => c.eLicense.setGovernanceMsps(i.governanceMsps as string[], o),
  },
  // ------------------------------------------------------------------ licences
  {
    transaction: 'IssueLicense',
    method: 'POST',
    path: '/licences',
    body: NEW_LICENCE,
    run: (c, i, o) => c.eLicense.issueLicense(newLicence(i), o),
  },
  {
    transaction: 'GetLicense',
    method: 'GET',
    path: '/licences/:licenceId',
    params: ['licenceId'],
    run: (c, i) => c.eLicense.getLicense(str(i, 'licenceId')),
  },
  {
    transaction: 'GetLicenseHistory',
    method: 'GET',
    path: '/licences/:licenceId/history',
    params: ['licenceId'],
    run: (c, i) => c.eLicense.getLicenseHistory(str(i, 'licenceId')),
  },
  {
    transaction: 'VerifyLicense',
    method: 'GET',
    path: '/licences/:licenceId/verification',
    params: ['licenceId'],
    query: ['fingerprint', 'atTime'],
    requiredQuery: ['fingerprint'],
    run: (c, i) => {
      const atTime = opt(i, 'atTime');
      const input = { licenceId: str(i, 'licenceId'), fingerprint: str(i, 'fingerprint') };
      return c.eLicense.verifyLicense(atTime === undefined ? input : { ...input, atTime });
    },
  },
  {
    transaction: 'CheckLicense',
    method: 'GET',
    path: '/licences/:licenceId/standing',
    params: ['licenceId'],
    query: ['atTime'],
    run: (c, i) => {
      const atTime = opt(i, 'atTime');
      const input = { licenceId: str(i, 'licenceId') };
      return c.eLicense.checkLicense(atTime === undefined ? input : { ...input, atTime });
    },
  },
  {
    transaction: 'RenewLicense',
    method: 'POST',
    path: '/licences/:predecessorId/renewal',
    params: ['predecessorId'],
    body: NEW_LICENCE,
    run: (c, i, o) => c.eLicense.renewLicense({ ...newLicence(i), predecessorId: str(i, 'predecessorId') }, o),
  },
  {
    transaction: 'ReplaceLicense',
    method: 'POST',
    path: '/licences/:predecessorId/replacement',
    params: ['predecessorId'],
    body: {
      ...NEW_LICENCE,
      required: ['licence', 'holder', 'reasonCode'],
      properties: { ...NEW_LICENCE_MEMBERS, reasonCode: text('reason code, e.g. LOST', CODE_RULE) },
    },
    run: (c, i, o) =>
      c.eLicense.replaceLicense(
        { ...newLicence(i), predecessorId: str(i, 'predecessorId'), reasonCode: str(i, 'reasonCode') },
        o,
      ),
  },
  {
    transaction: 'SuspendLicense',
    method: 'POST',
    path: '/licences/:licenceId/suspension',
    params: ['licenceId'],
    body: STATUS_CHANGE,
    run: (c, i, o) => c.eLicense.suspendLicense(statusChange(i), o),
  },
  {
    transaction: 'ReinstateLicense',
    method: 'POST',
    path: '/licences/:licenceId/reinstatement',
    params: ['licenceId'],
    body: STATUS_CHANGE,
    run: (c, i, o) => c.eLicense.reinstateLicense(statusChange(i), o),
  },
  {
    transaction: 'RevokeLicense',
    method: 'POST',
    path: '/licences/:licenceId/revocation',
    params: ['licenceId'],
    body: STATUS_CHANGE,
    run: (c, i, o) => c.eLicense.revokeLicense(statusChange(i), o),
  },
  {
    transaction: 'ListLicensesByHolder',
    method: 'GET',
    path: '/holders/:holderRef/licences',
    params: ['holderRef'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.eLicense.listLicensesByHolder(str(i, 'holderRef'), pageOf(i)),
  },
  {
    transaction: 'ListLicensesByIssuer',
    method: 'GET',
    path: '/issuers/:issuerMsp/licences',
    params: ['issuerMsp'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.eLicense.listLicensesByIssuer(str(i, 'issuerMsp'), pageOf(i)),
  },
  {
    transaction: 'ListLicensesByType',
    method: 'GET',
    path: '/licence-types/:typeCode/licences',
    params: ['typeCode'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.eLicense.listLicensesByType(str(i, 'typeCode'), pageOf(i)),
  },
  // ------------------------------------------------------------------ holder references and keys
  {
    transaction: 'SetHolderRefKey',
    method: 'PUT',
    path: '/holder-ref-key',
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['keyHex'],
      properties: { keyHex: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'the HMAC key, 32 bytes hex' } },
    },
    run: (c, i, o) => c.eLicense.setHolderRefKey(str(i, 'keyHex'), o),
  },
  {
    transaction: 'RequestHolderRef',
    method: 'POST',
    path: '/holder-ref-grants',
    body: parametersBody(E_LICENSE_TRANSACTIONS, 'RequestHolderRef', ['purpose'], [], {
      idNumber: text("the holder's ID number (sent as transient data only)", ID_NUMBER_RULE),
    }),
    run: (c, i, o) => c.eLicense.requestHolderRef(str(i, 'idNumber'), i.purpose as HolderRefPurpose, o),
  },
  {
    transaction: 'ReadHolderRefGrant',
    method: 'GET',
    path: '/holder-ref-grants/:grantId',
    params: ['grantId'],
    run: (c, i) => c.eLicense.readHolderRefGrant(str(i, 'grantId')),
  },
  {
    transaction: 'ListHolderRefGrants',
    method: 'GET',
    path: '/departments/:grantedToMsp/holder-ref-grants/:hour',
    params: ['grantedToMsp', 'hour'],
    run: (c, i) => c.eLicense.listHolderRefGrants(str(i, 'grantedToMsp'), str(i, 'hour')),
  },
  {
    transaction: 'GetHolderKey',
    method: 'GET',
    path: '/holders/:holderRef/key',
    params: ['holderRef'],
    run: (c, i) => c.eLicense.getHolderKey(str(i, 'holderRef')),
  },
  {
    transaction: 'BindHolderKey',
    method: 'POST',
    path: '/holder-keys',
    body: bindingBody(),
    run: (c, i, o) => c.eLicense.bindHolderKey(i as never, o),
  },
  {
    transaction: 'RotateHolderKey',
    method: 'POST',
    path: '/holder-keys/rotation',
    body: bindingBody(),
    run: (c, i, o) => c.eLicense.rotateHolderKey(i as never, o),
  },
  // ------------------------------------------------------------------ consents and personal detail
  {
    transaction: 'GrantConsent',
    method: 'POST',
    path: '/consents',
    body: SIGNED('consent', 'ConsentPayload'),
    run: (c, i, o) => c.eLicense.grantConsent(i as never, o),
  },
  {
    transaction: 'WithdrawConsent',
    method: 'POST',
    path: '/consents/withdrawals',
    body: SIGNED('withdrawal', 'WithdrawalPayload'),
    run: (c, i, o) => c.eLicense.withdrawConsent(i as never, o),
  },
  {
    transaction: 'GetConsent',
    method: 'GET',
    path: '/consents/:consentId',
    params: ['consentId'],
    run: (c, i) => c.eLicense.getConsent(str(i, 'consentId')),
  },
  {
    transaction: 'ListConsentsForDepartment',
    method: 'GET',
    path: '/departments/:mspId/consents',
    params: ['mspId'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.eLicense.listConsentsForDepartment({ ...pageOf(i), mspId: str(i, 'mspId') }),
  },
  {
    transaction: 'RecordDetailAccess',
    method: 'POST',
    path: '/licences/:licenceId/detail-accesses',
    params: ['licenceId'],
    body: parametersBody(E_LICENSE_TRANSACTIONS, 'RecordDetailAccess', ['consentId', 'purpose']),
    run: (c, i, o) =>
      c.eLicense.recordDetailAccess(
        { licenceId: str(i, 'licenceId'), consentId: str(i, 'consentId'), purpose: str(i, 'purpose') },
        o,
      ),
  },
  {
    transaction: 'ListDetailAccesses',
    method: 'GET',
    path: '/licences/:licenceId/detail-accesses',
    params: ['licenceId'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.eLicense.listDetailAccesses(str(i, 'licenceId'), pageOf(i)),
  },
  {
    transaction: 'ReadLicenseDetail',
    method: 'GET',
    path: '/licences/:licenceId/detail-accesses/:accessId/detail',
    params: ['licenceId', 'accessId'],
    run: (c, i) => c.eLicense.readLicenseDetail({ licenceId: str(i, 'licenceId'), accessId: str(i, 'accessId') }),
  },
]);

function bindingBody(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['signed'],
    properties: {
      holderRefGrant: text('the identity authority’s grant for BIND_HOLDER_KEY', GRANT_ID_RULE),
      idNumber: text("the holder's ID number, when no grant is given (transient data only)", ID_NUMBER_RULE),
      signed: SIGNED('binding', 'HolderKeyBindingPayload'),
    },
  };
}
