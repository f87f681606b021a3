/**
 * The real-estate chaincode over REST: the property register (land-use rights, units, mortgages, seizures,
 * chain of title) and the one-window transfer, in which each department records its own step and Real
 * Estate registers the transfer, issuing the new certificate through e-license. Holders' identities and the
 * private details (declared price, assessed tax, loan) are accepted only in request bodies, which the client
 * sends as transient data.
 */
import type { CertificateHolder, TransferPrivateDetail } from '@govchain/gateway-client';
import { REAL_ESTATE_TRANSACTIONS, type TransferStepCode } from '@govchain/protocol/real-estate';
import type { JsonSchema } from '../schemas';
import { type Input, type Route, type RouteSpec, pageOf, parametersBody, routesOf, str, transientText } from './route';

const HOLDER: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['idNumber', 'name'],
  properties: {
    idNumber: transientText("the holder's ID number", 64),
    name: transientText("the holder's name", 128),
    holderRefGrant: transientText("Real Estate's grant of the holder reference (requested when absent)", 128),
  },
  description: 'the certificate holder, sent as transient data only',
};

/** A private detail: string members, `key` among them (`salt` generated when absent). */
function detail(key: string, description: string): JsonSchema {
  return {
    type: 'object',
    required: [key],
    maxProperties: 16,
    additionalProperties: transientText('a detail value', 1024),
    description: `${description}, sent as transient data to a private collection only`,
  };
}

const body = (transaction: string, required: readonly string[], extra: Record<string, JsonSchema> = {}): JsonSchema =>
  parametersBody(REAL_ESTATE_TRANSACTIONS, transaction, required, [], extra);
const holderOf = (input: Input): CertificateHolder => input.holder as CertificateHolder;
const detailOf = <K extends string>(input: Input, name: string): TransferPrivateDetail<K> =>
  input[name] as TransferPrivateDetail<K>;

/** A step a department records on an application: `POST /applications/:applicationId/<path>`. */
function step(transaction: string, path: string, record: string, run: RouteSpec['run']): RouteSpec {
  return {
    transaction,
    method: 'POST',
    path: `/applications/:applicationId/${path}`,
    params: ['applicationId'],
    body: { $ref: `#/definitions/${record}` },
    run,
  };
}

const SPECS: readonly RouteSpec[] = [
  // ------------------------------------------------------------------ roles (on-ledger configuration)
  { transaction: 'GetRoles', method: 'GET', path: '/roles', run: (c) => c.realEstate.getRoles() },
  { transaction: 'SeedRoles', method: 'POST', path: '/roles/seed', run: (c, _i, o) => c.realEstate.seedRoles(o) },
  { transaction: 'UpdateRoles', method: 'POST', path: '/roles/update', run: (c, _i, o) => c.realEstate.updateRoles(o) },
  // ------------------------------------------------------------------ register
  {
    transaction: 'ConfirmLandUseRight',
    method: 'POST',
    path: '/land-use-rights',
    body: { $ref: '#/definitions/ConfirmLandUseRightInput' },
    run: (c, i, o) => c.realEstate.confirmLandUseRight(i as never, o),
  },
  {
    transaction: 'RegisterUnit',
    method: 'POST',
    path: '/units',
    body: body('RegisterUnit', ['unitJson'], { holder: HOLDER }),
    run: (c, i, o) => c.realEstate.registerUnit(i.unitJson as never, holderOf(i), o),
  },
  {
    transaction: 'ReplaceCertificate',
    method: 'POST',
    path: '/units/:unitNumber/certificate-replacement',
    params: ['unitNumber'],
    body: body('ReplaceCertificate', ['replacementJson', 'reasonCode'], { holder: HOLDER }),
    run: (c, i, o) =>
      c.realEstate.replaceCertificate(
        str(i, 'unitNumber'),
        i.replacementJson as never,
        str(i, 'reasonCode'),
        holderOf(i),
        o,
      ),
  },
  {
    transaction: 'RegisterMortgage',
    method: 'POST',
    path: '/units/:unitNumber/mortgages',
    params: ['unitNumber'],
    body: { $ref: '#/definitions/MortgageInput' },
    run: (c, i, o) => {
      const { unitNumber, ...mortgage } = i;
      return c.realEstate.registerMortgage(unitNumber as string, mortgage as never, o);
    },
  },
  {
    transaction: 'DischargeMortgage',
    method: 'POST',
    path: '/units/:unitNumber/mortgages/:mortgageId/discharge',
    params: ['unitNumber', 'mortgageId'],
    body: body('DischargeMortgage', ['evidenceFingerprint']),
    run: (c, i, o) =>
      c.realEstate.dischargeMortgage(str(i, 'unitNumber'), str(i, 'mortgageId'), str(i, 'evidenceFingerprint'), o),
  },
  {
    transaction: 'RegisterSeizure',
    method: 'POST',
    path: '/units/:unitNumber/seizures',
    params: ['unitNumber'],
    body: { $ref: '#/definitions/SeizureInput' },
    run: (c, i, o) => {
      const { unitNumber, ...seizure } = i;
      return c.realEstate.registerSeizure(unitNumber as string, seizure as never, o);
    },
  },
  {
    transaction: 'ReleaseSeizure',
    method: 'POST',
    path: '/units/:unitNumber/seizures/:seizureId/release',
    params: ['unitNumber', 'seizureId'],
    body: body('ReleaseSeizure', ['evidenceFingerprint']),
    run: (c, i, o) =>
      c.realEstate.releaseSeizure(str(i, 'unitNumber'), str(i, 'seizureId'), str(i, 'evidenceFingerprint'), o),
  },
  {
    transaction: 'GetUnit',
    method: 'GET',
    path: '/units/:unitNumber',
    params: ['unitNumber'],
    run: (c, i) => c.realEstate.getUnit(str(i, 'unitNumber')),
  },
  {
    transaction: 'GetLandUseRight',
    method: 'GET',
    path: '/units/:unitNumber/land-use-right',
    params: ['unitNumber'],
    run: (c, i) => c.realEstate.getLandUseRight(str(i, 'unitNumber')),
  },
  {
    transaction: 'GetChainOfTitle',
    method: 'GET',
    path: '/units/:unitNumber/chain-of-title',
    params: ['unitNumber'],
    run: (c, i) => c.realEstate.getChainOfTitle(str(i, 'unitNumber')),
  },
  {
    transaction: 'ListUnitsByOwner',
    method: 'GET',
    path: '/owners/:holderRef/units',
    params: ['holderRef'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.realEstate.listUnitsByOwner(str(i, 'holderRef'), pageOf(i)),
  },
  // ------------------------------------------------------------------ one-window transfer
  {
    transaction: 'OpenTransferApplication',
    method: 'POST',
    path: '/applications',
    body: body('OpenTransferApplication', ['applicationJson'], {
      transferDetail: detail('declaredPrice', 'the declared price and other detail of the sale'),
    }),
    run: (c, i, o) =>
      c.realEstate.openTransferApplication(i.applicationJson as never, detailOf(i, 'transferDetail'), o),
  },
  step('RecordIdentityVerification', 'identity-verification', 'IdentityVerificationInput', (c, i, o) => {
    const { applicationId, ...input } = i;
    return c.realEstate.recordIdentityVerification(applicationId as string, input as never, o);
  }),
  step('RecordMaritalStatus', 'marital-status', 'StepEvidenceInput', (c, i, o) => {
    const { applicationId, ...input } = i;
    return c.realEstate.recordMaritalStatus(applicationId as string, input as never, o);
  }),
  step('RecordLandUseConfirmation', 'land-use-confirmation', 'LandUseConfirmationInput', (c, i, o) => {
    const { applicationId, ...input } = i;
    return c.realEstate.recordLandUseConfirmation(applicationId as string, input as never, o);
  }),
  {
    transaction: 'RecordTaxAssessment',
    method: 'POST',
    path: '/applications/:applicationId/tax-assessment',
    params: ['applicationId'],
    body: body('RecordTaxAssessment', ['assessmentJson'], {
      taxAssessment: detail('assessedAmount', 'the assessed tax'),
    }),
    run: (c, i, o) =>
      c.realEstate.recordTaxAssessment(
        str(i, 'applicationId'),
        i.assessmentJson as never,
        detailOf(i, 'taxAssessment'),
        o,
      ),
  },
  step('RecordTaxClearance', 'tax-clearance', 'StepEvidenceInput', (c, i, o) => {
    const { applicationId, ...input } = i;
    return c.realEstate.recordTaxClearance(applicationId as string, input as never, o);
  }),
  {
    transaction: 'RecordLoanApproval',
    method: 'POST',
    path: '/applications/:applicationId/loan-approval',
    params: ['applicationId'],
    body: body('RecordLoanApproval', ['loanJson'], { loanDetail: detail('loanAmount', 'the approved loan') }),
    run: (c, i, o) =>
      c.realEstate.recordLoanApproval(str(i, 'applicationId'), i.loanJson as never, detailOf(i, 'loanDetail'), o),
  },
  {
    transaction: 'RejectStep',
    method: 'POST',
    path: '/applications/:applicationId/rejections',
    params: ['applicationId'],
    body: body('RejectStep', ['step', 'reasonCode']),
    run: (c, i, o) =>
      c.realEstate.rejectStep(str(i, 'applicationId'), i.step as TransferStepCode, str(i, 'reasonCode'), o),
  },
  {
    transaction: 'WithdrawApplication',
    method: 'POST',
    path: '/applications/:applicationId/withdrawal',
    params: ['applicationId'],
    body: body('WithdrawApplication', ['requestFingerprint']),
    run: (c, i, o) => c.realEstate.withdrawApplication(str(i, 'applicationId'), str(i, 'requestFingerprint'), o),
  },
  {
    transaction: 'RegisterTransfer',
    method: 'POST',
    path: '/applications/:applicationId/registration',
    params: ['applicationId'],
    body: body('RegisterTransfer', ['registrationJson'], { holder: HOLDER }),
    run: (c, i, o) =>
      c.realEstate.registerTransfer(str(i, 'applicationId'), i.registrationJson as never, holderOf(i), o),
  },
  {
    transaction: 'GetApplication',
    method: 'GET',
    path: '/applications/:applicationId',
    params: ['applicationId'],
    run: (c, i) => c.realEstate.getApplication(str(i, 'applicationId')),
  },
  {
    transaction: 'GetApplicationProgress',
    method: 'GET',
    path: '/applications/:applicationId/progress',
    params: ['applicationId'],
    run: (c, i) => c.realEstate.getApplicationProgress(str(i, 'applicationId')),
  },
  {
    transaction: 'ListApplicationsAwaiting',
    method: 'GET',
    path: '/departments/:departmentMsp/awaiting',
    params: ['departmentMsp'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.realEstate.listApplicationsAwaiting(str(i, 'departmentMsp'), pageOf(i)),
  },
  {
    transaction: 'GetTransferDetail',
    method: 'GET',
    path: '/applications/:applicationId/detail',
    params: ['applicationId'],
    run: (c, i) => c.realEstate.getTransferDetail(str(i, 'applicationId')),
  },
];

/** The real-estate routes. */
export const REAL_ESTATE_ROUTES: readonly Route[] = routesOf('real-estate', REAL_ESTATE_TRANSACTIONS, SPECS);
