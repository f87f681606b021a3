import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  ChaincodeError,
  GovchainError,
  buildConsent,
  buildWithdrawal,
  canonicalJson,
  eLicenseClient,
  generateHolderKeyPair,
  majorityOf,
  pairEndorsingOrganizations,
  signConsent,
  signHolderKeyBinding,
  signWithdrawal,
} from '@govchain/gateway-client';
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { RESPONSE_KEY_FIELD, responseLabel, sealResponse } from '@govchain/chaincode-common';
import { type Call, type CallContext, endorseError, fakeConnection, sealedAnswer } from './fixtures';

chai.use(chaiAsPromised);
const { expect } = chai;

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

const HOLDER_REF = 'ab'.repeat(32);
const FINGERPRINT = 'c3'.repeat(32);
const T0 = '2025-03-01T08:00:00.000Z';

const LICENCE = {
  id: 'BL-1',
  type: 'BUSINESS_LICENCE',
  issuerMsp: 'MarketRegulationMSP',
  holderRef: HOLDER_REF,
  fingerprint: FINGERPRINT,
  validFrom: T0,
  validUntil: '2045-03-01T08:00:00.000Z',
  metadata: { enterpriseName: 'Harbour Trading' },
  status: 'ACTIVE',
  statusReason: 'ISSUED',
  statusEffectiveAt: T0,
  predecessorId: '',
  successorId: '',
  issuedAt: T0,
  updatedAt: T0,
  updatedByMsp: 'MarketRegulationMSP',
  txId: 'tx-issue',
};

const REGISTRY = {
  governanceMsps: [
    'CivilAffairsMSP',
    'HealthMSP',
    'MarketRegulationMSP',
    'PublicSecurityMSP',
    'RealEstateMSP',
    'TaxMSP',
  ],
  types: [
    {
      code: 'BUSINESS_LICENCE',
      name: 'Business licence',
      issuerMsp: 'MarketRegulationMSP',
      requiredMetadata: ['enterpriseName'],
      optionalMetadata: [],
      defaultValidityDays: 7305,
    },
    {
      code: 'IDENTITY_DOCUMENT',
      name: 'Identity document',
      issuerMsp: 'PublicSecurityMSP',
      requiredMetadata: [],
      optionalMetadata: [],
      defaultValidityDays: 3650,
    },
  ],
  updatedAt: T0,
  updatedByMsp: 'PublicSecurityMSP',
  txId: 'tx-seed',
};

const CONSENT_RECORD = {
  consentId: 'C-1',
  holderRef: HOLDER_REF,
  granteeMsp: 'TaxMSP',
  licenceId: 'BL-1',
  licenceType: '',
  purpose: 'tax clearance',
  expiresAt: '2030-01-01T00:00:00.000Z',
  nonce: 'nonce-0001',
  signature: 'aa'.repeat(64),
  holderKeyFingerprint: 'dd'.repeat(32),
  status: 'ACTIVE',
  grantedAt: T0,
  withdrawnAt: '',
  updatedAt: T0,
  updatedByMsp: 'TaxMSP',
  txId: 'tx-consent',
};

const ACCESS = {
  accessId: 'tx-access',
  licenceId: 'BL-1',
  consentId: 'C-1',
  accessorMsp: 'TaxMSP',
  purpose: 'tax clearance',
  accessedAt: T0,
  txId: 'tx-access',
};

/** The one call a method made besides reading the registry (its endorsers come from on-ledger roles). */
function only(calls: readonly Call[]): Call {
  const own = calls.filter((call) => call.name !== 'ListLicenseTypes');
  expect(own).to.have.length(1);
  return own[0]!;
}

/** The calls a method made besides reading the registry. */
function own(calls: readonly Call[]): Call[] {
  return calls.filter((call) => call.name !== 'ListLicenseTypes');
}

/** A connection whose peer also answers ListLicenseTypes with {@link REGISTRY}. */
function licenceConnection(
  mspId: string,
  responses: Parameters<typeof fakeConnection>[1],
): ReturnType<typeof fakeConnection> {
  return fakeConnection(mspId, { ListLicenseTypes: REGISTRY, ...responses });
}

function transientText(call: Call): Record<string, string> {
  const data = call.options.transientData ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, text(v as Uint8Array)]));
}

/** A holder-reference grant id (a RequestHolderRef transaction id). */
const GRANT_ID = 'a7'.repeat(32);

const ISSUE_INPUT = {
  id: 'BL-1',
  type: 'BUSINESS_LICENCE',
  fingerprint: FINGERPRINT,
  metadata: { enterpriseName: 'Harbour Trading' },
  holder: { holderRefGrant: GRANT_ID, idNumber: '11010519491231002X', name: 'Zhang San' },
};

describe('eLicenseClient', () => {
  describe('issueLicense', () => {
    it('sends the public licence as the argument and the holder only as transient data', async () => {
      const { connection, calls, chaincodes } = licenceConnection('MarketRegulationMSP', { IssueLicense: LICENCE });
      const outcome = await eLicenseClient(connection).issueLicense({
        ...ISSUE_INPUT,
        validUntil: '2030-01-01T00:00:00Z',
        holder: { ...ISSUE_INPUT.holder, detail: { address: 'Harbour Rd 1' } },
      });
      const call = only(calls);
      expect([...new Set(chaincodes)]).to.deep.equal(['e-license']);
      expect(call).to.include({ kind: 'submit', name: 'IssueLicense' });
      expect(call.options.arguments).to.deep.equal([
        canonicalJson({
          id: 'BL-1',
          type: 'BUSINESS_LICENCE',
          fingerprint: FINGERPRINT,
          metadata: { enterpriseName: 'Harbour Trading' },
          validUntil: '2030-01-01T00:00:00Z',
        }),
      ]);
      const { salt, ...holder } = transientText(call);
      expect(holder).to.deep.equal({
        holderRefGrant: GRANT_ID,
        idNumber: '11010519491231002X',
        name: 'Zhang San',
        detail: '{"address":"Harbour Rd 1"}',
      });
      expect(salt, 'a fresh random salt for the private detail').to.match(/^[0-9a-f]{64}$/);
      const argumentText = (call.options.arguments ?? []).map((a) => (typeof a === 'string' ? a : text(a))).join();
      expect(argumentText).to.not.include('11010519491231002X').and.not.include('Zhang San');
      expect(outcome.result).to.deep.equal(LICENCE);
      expect(outcome).to.include({ transactionId: 'tx-1', blockNumber: 42n, attempts: 1 });
    });

    it('leaves optional transient fields and validity out when not given', async () => {
      const { connection, calls } = licenceConnection('MarketRegulationMSP', { IssueLicense: LICENCE });
      await eLicenseClient(connection).issueLicense(ISSUE_INPUT);
      const call = only(calls);
      expect(Object.keys(call.options.transientData ?? {})).to.deep.equal([
        'holderRefGrant',
        'idNumber',
        'name',
        'salt',
      ]);
      expect(JSON.parse(call.options.arguments?.[0] as string)).to.not.have.keys('validFrom', 'validUntil');
    });

    const endorsers: [string, string[]][] = [
      ['MarketRegulationMSP', ['MarketRegulationMSP', 'PublicSecurityMSP']],
      ['HealthMSP', ['HealthMSP', 'PublicSecurityMSP']],
      ['PublicSecurityMSP', ['PublicSecurityMSP', 'CivilAffairsMSP']],
    ];
    for (const [caller, expected] of endorsers) {
      it(`is endorsed by default by ${expected.join(' and ')} when ${caller} issues`, async () => {
        const { connection, calls } = licenceConnection(caller, { IssueLicense: LICENCE });
        await eLicenseClient(connection).issueLicense(ISSUE_INPUT);
        expect(only(calls).options.endorsingOrganizations).to.deep.equal(expected);
      });
    }

    it('takes the partner from the on-ledger registry, not from MSP ids of its own', async () => {
      const identity = { ...REGISTRY.types[1]!, issuerMsp: 'HealthMSP' };
      const registry = { ...REGISTRY, governanceMsps: ['HealthMSP', 'TaxMSP'], types: [REGISTRY.types[0], identity] };
      const { connection, calls } = fakeConnection('TaxMSP', { ListLicenseTypes: registry, IssueLicense: LICENCE });
      const client = eLicenseClient(connection);
      await client.issueLicense(ISSUE_INPUT);
      await client.issueLicense(ISSUE_INPUT);
      expect(
        calls.map((c) => c.name),
        'the registry is read once',
      ).to.deep.equal(['ListLicenseTypes', 'IssueLicense', 'IssueLicense']);
      expect(calls[1]?.options.endorsingOrganizations).to.deep.equal(['TaxMSP', 'HealthMSP']);
    });

    it('refuses a licence that breaks the protocol before sending it', async () => {
      const { connection, calls } = licenceConnection('MarketRegulationMSP', { IssueLicense: LICENCE });
      await expect(
        eLicenseClient(connection).issueLicense({ ...ISSUE_INPUT, fingerprint: 'not-hex' }),
      ).to.be.rejectedWith(TypeError, /^licence\.fingerprint must be 64 lowercase hex characters$/);
      expect(calls).to.have.length(0);
    });

    it('uses the endorsing organizations given for the call', async () => {
      const { connection, calls } = licenceConnection('MarketRegulationMSP', { IssueLicense: LICENCE });
      await eLicenseClient(connection).issueLicense(ISSUE_INPUT, {
        endorsingOrganizations: ['MarketRegulationMSP', 'TaxMSP'],
      });
      expect(only(calls).options.endorsingOrganizations).to.deep.equal(['MarketRegulationMSP', 'TaxMSP']);
    });

    it('uses the partners configured for the client', async () => {
      const { connection, calls } = licenceConnection('MarketRegulationMSP', { IssueLicense: LICENCE });
      await eLicenseClient(connection, { endorsingPartners: ['MarketRegulationMSP', 'HealthMSP'] }).issueLicense(
        ISSUE_INPUT,
      );
      expect(only(calls).options.endorsingOrganizations).to.deep.equal(['MarketRegulationMSP', 'HealthMSP']);
    });

    it('calls the chaincode named in the options', async () => {
      const { connection, chaincodes } = licenceConnection('MarketRegulationMSP', { IssueLicense: LICENCE });
      await eLicenseClient(connection, { chaincode: 'licences' }).issueLicense(ISSUE_INPUT);
      expect([...new Set(chaincodes)]).to.deep.equal(['licences']);
    });

    it("passes the chaincode's refusal on as a ChaincodeError with its code", async () => {
      const refusal = endorseError(
        GrpcStatus.ABORTED,
        'ABORTED',
        'failed to endorse transaction, see attached details for more info',
        [
          {
            address: '127.0.0.1:7230',
            mspId: 'TaxMSP',
            message: 'chaincode response 500, FORBIDDEN: TaxMSP may not issue BUSINESS_LICENCE licences',
          },
        ],
      );
      const { connection } = licenceConnection('TaxMSP', { IssueLicense: refusal });
      const err: unknown = await eLicenseClient(connection)
        .issueLicense(ISSUE_INPUT)
        .then(
          () => expect.fail('should be refused'),
          (e: unknown) => e,
        );
      expect(err).to.be.instanceOf(ChaincodeError);
      expect(err).to.include({ code: 'FORBIDDEN', mspId: 'TaxMSP' });
    });

    it('refuses a result that is not a licence with INVALID_RESULT naming the field', async () => {
      const { connection } = licenceConnection('MarketRegulationMSP', {
        IssueLicense: { ...LICENCE, status: 'MAYBE' },
      });
      const err: unknown = await eLicenseClient(connection)
        .issueLicense(ISSUE_INPUT)
        .then(
          () => expect.fail('should be refused'),
          (e: unknown) => e,
        );
      expect(err).to.be.instanceOf(GovchainError);
      expect(err).to.include({ code: 'INVALID_RESULT', transactionId: 'tx-1' });
      expect((err as Error).message).to.match(/IssueLicense.*\$\.status/);
    });
  });

  describe('renewLicense and replaceLicense', () => {
    it('sends the predecessor first and the reason last, with the holder as transient data', async () => {
      const { connection, calls: all } = licenceConnection('HealthMSP', {
        RenewLicense: LICENCE,
        ReplaceLicense: LICENCE,
      });
      const client = eLicenseClient(connection);
      await client.renewLicense({ ...ISSUE_INPUT, predecessorId: 'BL-0' });
      await client.replaceLicense({ ...ISSUE_INPUT, predecessorId: 'BL-0', reasonCode: 'LOST' });
      const calls = own(all);
      expect(calls.map((c) => c.name)).to.deep.equal(['RenewLicense', 'ReplaceLicense']);
      expect(calls[0]?.options.arguments?.[0]).to.equal('BL-0');
      expect(calls[1]?.options.arguments?.[0]).to.equal('BL-0');
      expect(calls[1]?.options.arguments?.[2]).to.equal('LOST');
      expect(JSON.parse(calls[1]?.options.arguments?.[1] as string)).to.have.property('id', 'BL-1');
      for (const call of calls) {
        expect(transientText(call)).to.include({ idNumber: '11010519491231002X', name: 'Zhang San' });
        expect(call.options.endorsingOrganizations).to.deep.equal(['HealthMSP', 'PublicSecurityMSP']);
      }
    });
  });

  describe('status changes', () => {
    const verbs = [
      ['suspendLicense', 'SuspendLicense'],
      ['reinstateLicense', 'ReinstateLicense'],
      ['revokeLicense', 'RevokeLicense'],
    ] as const;
    for (const [method, transaction] of verbs) {
      it(`${method} sends id, reason and effective time, endorsed by the issuer and a partner`, async () => {
        const { connection, calls: all } = licenceConnection('MarketRegulationMSP', { [transaction]: LICENCE });
        const client = eLicenseClient(connection);
        await client[method]({ licenceId: 'BL-1', reasonCode: 'COURT_ORDER' });
        await client[method]({ licenceId: 'BL-1', reasonCode: 'COURT_ORDER', effectiveAt: new Date(T0) });
        const calls = own(all);
        expect(calls.map((c) => c.name)).to.deep.equal([transaction, transaction]);
        expect(calls[0]?.options.arguments).to.deep.equal(['BL-1', 'COURT_ORDER', '']);
        expect(calls[1]?.options.arguments).to.deep.equal(['BL-1', 'COURT_ORDER', T0]);
        expect(calls[0]?.options.endorsingOrganizations).to.deep.equal(['MarketRegulationMSP', 'PublicSecurityMSP']);
        expect(calls[0]?.options.transientData).to.equal(undefined);
      });
    }
  });

  describe('checkLicense', () => {
    it("evaluates with id and time and returns e-license's verdict with the record", async () => {
      const check = { licenceId: 'BL-1', result: 'VALID', checkedAt: T0, licence: LICENCE };
      const { connection, calls } = licenceConnection('TaxMSP', { CheckLicense: check });
      const result = await eLicenseClient(connection).checkLicense({ licenceId: 'BL-1', atTime: new Date(T0) });
      const call = only(calls);
      expect(call).to.include({ kind: 'evaluate', name: 'CheckLicense' });
      expect(call.options.arguments).to.deep.equal(['BL-1', T0]);
      expect(result).to.deep.equal(check);
    });

    it('accepts NOT_FOUND with no record, and refuses a fingerprint verdict (CheckLicense compares none)', async () => {
      const missing = { licenceId: 'BL-9', result: 'NOT_FOUND', checkedAt: T0, licence: null };
      const found = licenceConnection('TaxMSP', { CheckLicense: missing });
      expect(await eLicenseClient(found.connection).checkLicense({ licenceId: 'BL-9' })).to.deep.equal(missing);
      expect(only(found.calls).options.arguments).to.deep.equal(['BL-9', '']);
      const odd = licenceConnection('TaxMSP', { CheckLicense: { ...missing, result: 'FINGERPRINT_MISMATCH' } });
      await expect(eLicenseClient(odd.connection).checkLicense({ licenceId: 'BL-9' }))
        .to.be.rejectedWith(GovchainError)
        .and.eventually.have.property('code', 'INVALID_RESULT');
    });
  });

  describe('verifyLicense', () => {
    const verification = {
      licenceId: 'BL-1',
      result: 'REVOKED',
      status: 'REVOKED',
      issuerMsp: 'MarketRegulationMSP',
      type: 'BUSINESS_LICENCE',
      checkedAt: T0,
      validFrom: T0,
      validUntil: '',
      statusReason: 'FRAUD',
      successorId: '',
    };

    it('evaluates with id, fingerprint and time and returns the checked result', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', { VerifyLicense: verification });
      const result = await eLicenseClient(connection).verifyLicense({
        licenceId: 'BL-1',
        fingerprint: FINGERPRINT,
        atTime: new Date(T0),
      });
      const call = only(calls);
      expect(call).to.include({ kind: 'evaluate', name: 'VerifyLicense' });
      expect(call.options.arguments).to.deep.equal(['BL-1', FINGERPRINT, T0]);
      expect(call.options.endorsingOrganizations).to.equal(undefined);
      expect(result).to.deep.equal(verification);
    });

    it('accepts a NOT_FOUND result with empty status', async () => {
      const notFound = { ...verification, result: 'NOT_FOUND', status: '', issuerMsp: '', type: '', statusReason: '' };
      const { connection, calls } = licenceConnection('TaxMSP', { VerifyLicense: notFound });
      const result = await eLicenseClient(connection).verifyLicense({ licenceId: 'BL-9', fingerprint: FINGERPRINT });
      expect(only(calls).options.arguments).to.deep.equal(['BL-9', FINGERPRINT, '']);
      expect(result).to.include({ result: 'NOT_FOUND', status: '' });
    });

    const malformed: [string, unknown][] = [
      ['an unknown result code', { ...verification, result: 'PROBABLY_VALID' }],
      ['an unknown status', { ...verification, status: 'LOST' }],
      ['a missing checkedAt', { ...verification, checkedAt: undefined }],
      ['a list', [verification]],
      ['text', 'VALID'],
    ];
    for (const [what, value] of malformed) {
      it(`refuses ${what} with INVALID_RESULT`, async () => {
        const { connection } = licenceConnection('TaxMSP', { VerifyLicense: value });
        await expect(eLicenseClient(connection).verifyLicense({ licenceId: 'BL-1', fingerprint: FINGERPRINT }))
          .to.be.rejectedWith(GovchainError, /VerifyLicense returned an unexpected result/)
          .and.eventually.have.property('code', 'INVALID_RESULT');
      });
    }
  });

  describe('queries', () => {
    it('getLicenseHistory returns every entry, a delete as null', async () => {
      const history = [
        { txId: 'tx-2', timestamp: T0, submitterMsp: 'MarketRegulationMSP', isDelete: false, value: LICENCE },
        { txId: 'tx-1', timestamp: T0, submitterMsp: '', isDelete: true, value: null },
      ];
      const { connection, calls } = licenceConnection('TaxMSP', { GetLicenseHistory: history });
      expect(await eLicenseClient(connection).getLicenseHistory('BL-1')).to.deep.equal(history);
      expect(only(calls).options.arguments).to.deep.equal(['BL-1']);
    });

    it('refuses a history entry whose licence is malformed', async () => {
      const history = [{ txId: 'tx', timestamp: T0, submitterMsp: 'X', isDelete: false, value: { id: 'BL-1' } }];
      const { connection } = licenceConnection('TaxMSP', { GetLicenseHistory: history });
      await expect(eLicenseClient(connection).getLicenseHistory('BL-1')).to.be.rejectedWith(
        GovchainError,
        /\$\[0\]\.value\.type/,
      );
    });

    const lists = [
      ['listLicensesByHolder', 'ListLicensesByHolder', HOLDER_REF],
      ['listLicensesByIssuer', 'ListLicensesByIssuer', 'MarketRegulationMSP'],
      ['listLicensesByType', 'ListLicensesByType', 'BUSINESS_LICENCE'],
    ] as const;
    for (const [method, transaction, key] of lists) {
      it(`${method} sends page size and bookmark as strings, empty by default`, async () => {
        const page = { records: [LICENCE], bookmark: 'next', fetchedCount: 1 };
        const { connection, calls } = licenceConnection('TaxMSP', { [transaction]: page });
        const client = eLicenseClient(connection);
        expect(await client[method](key)).to.deep.equal(page);
        await client[method](key, { pageSize: 2, bookmark: 'next' });
        expect(calls.map((c) => c.options.arguments)).to.deep.equal([
          [key, '', ''],
          [key, '2', 'next'],
        ]);
      });
    }

    it('refuses a page size that is not an integer before calling', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', {});
      await expect(eLicenseClient(connection).listLicensesByType('X', { pageSize: 2.5 })).to.be.rejectedWith(
        TypeError,
        /pageSize/,
      );
      expect(calls).to.have.length(0);
    });

    const GRANT = {
      grantId: GRANT_ID,
      holderRef: HOLDER_REF,
      purpose: 'QUERY_HOLDER',
      at: '2025-03-01T08:00:00.000Z',
      expiresAt: '2025-03-02T08:00:00.000Z',
    };

    it("requestHolderRef submits to the identity authority's peer alone, then reads the grant on its own", async () => {
      const { connection, calls } = licenceConnection('TaxMSP', {
        RequestHolderRef: { grantId: GRANT_ID, purpose: 'QUERY_HOLDER' },
        ReadHolderRefGrant: sealedAnswer('e-license', 'ReadHolderRefGrant', GRANT),
      });
      const grant = await eLicenseClient(connection).requestHolderRef('11010519491231002X', 'QUERY_HOLDER');
      expect(grant).to.deep.equal({ ...GRANT, transactionId: 'tx-1', blockNumber: 42n });
      expect(calls.map((c) => [c.kind, c.name])).to.deep.equal([
        ['evaluate', 'ListLicenseTypes'],
        ['submit', 'RequestHolderRef'],
        ['evaluate', 'ReadHolderRefGrant'],
      ]);
      const [, request, read] = calls;
      expect(request?.options.arguments).to.deep.equal(['QUERY_HOLDER']);
      expect(request === undefined ? {} : transientText(request)).to.deep.equal({ idNumber: '11010519491231002X' });
      expect(request?.options.endorsingOrganizations).to.deep.equal(['PublicSecurityMSP']);
      expect(read?.options.arguments).to.deep.equal([GRANT_ID]);
      expect(read?.options.endorsingOrganizations).to.deep.equal(['TaxMSP']);
    });

    it('issueLicense without a grant requests one for ISSUE_LICENCE first and sends its id', async () => {
      const { connection, calls } = licenceConnection('MarketRegulationMSP', {
        RequestHolderRef: { grantId: GRANT_ID, purpose: 'ISSUE_LICENCE' },
        ReadHolderRefGrant: sealedAnswer('e-license', 'ReadHolderRefGrant', { ...GRANT, purpose: 'ISSUE_LICENCE' }),
        IssueLicense: LICENCE,
      });
      await eLicenseClient(connection).issueLicense({
        ...ISSUE_INPUT,
        holder: { idNumber: '11010519491231002X', name: 'Zhang San' },
      });
      expect(calls.map((c) => c.name)).to.deep.equal([
        'ListLicenseTypes',
        'RequestHolderRef',
        'ReadHolderRefGrant',
        'IssueLicense',
      ]);
      expect(calls[1]?.options.arguments).to.deep.equal(['ISSUE_LICENCE']);
      const issue = calls[3];
      expect(issue === undefined ? {} : transientText(issue)).to.include({ holderRefGrant: GRANT_ID });
    });

    it('listHolderRefGrants reads the log on its own peer', async () => {
      const log = { grantedToMsp: 'TaxMSP', hour: '2025-03-01T08', count: 0, grants: [] };
      const { connection, calls } = licenceConnection('HealthMSP', { ListHolderRefGrants: log });
      expect(await eLicenseClient(connection).listHolderRefGrants('TaxMSP', '2025-03-01T08')).to.deep.equal(log);
      expect(only(calls).options.arguments).to.deep.equal(['TaxMSP', '2025-03-01T08']);
      expect(only(calls).options.endorsingOrganizations).to.deep.equal(['HealthMSP']);
    });

    it('listLicenseTypes and getLicenseType check the registry shape', async () => {
      const { connection } = licenceConnection('TaxMSP', {
        ListLicenseTypes: REGISTRY,
        GetLicenseType: { ...REGISTRY.types[0], defaultValidityDays: '7305' },
      });
      const client = eLicenseClient(connection);
      expect(await client.listLicenseTypes()).to.deep.equal({ ...REGISTRY, seededTxId: '' });
      await expect(client.getLicenseType('BUSINESS_LICENCE')).to.be.rejectedWith(GovchainError, /defaultValidityDays/);
    });
  });

  describe('registry changes', () => {
    it('putLicenseType is endorsed by a majority of the departments, the caller first', async () => {
      const type = { ...REGISTRY.types[0]!, code: 'NEW_TYPE' };
      const { connection, calls } = licenceConnection('TaxMSP', { ListLicenseTypes: REGISTRY, PutLicenseType: type });
      const outcome = await eLicenseClient(connection).putLicenseType({
        code: 'NEW_TYPE',
        name: 'Business licence',
        issuerMsp: 'MarketRegulationMSP',
        requiredMetadata: ['enterpriseName'],
        defaultValidityDays: 7305,
      });
      expect(calls.map((c) => `${c.kind} ${c.name}`)).to.deep.equal([
        'evaluate ListLicenseTypes',
        'submit PutLicenseType',
      ]);
      expect(calls[1]?.options.endorsingOrganizations).to.deep.equal([
        'TaxMSP',
        'CivilAffairsMSP',
        'HealthMSP',
        'MarketRegulationMSP',
      ]);
      expect(JSON.parse(calls[1]?.options.arguments?.[0] as string)).to.deep.equal({ ...type });
      expect(outcome.result).to.deep.equal(type);
    });

    it('setGovernanceMsps uses the given endorsers without reading the registry', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', { SetGovernanceMsps: REGISTRY });
      await eLicenseClient(connection).setGovernanceMsps(['TaxMSP', 'HealthMSP'], {
        endorsingOrganizations: ['TaxMSP', 'HealthMSP'],
      });
      const call = only(calls);
      expect(call.options.arguments).to.deep.equal(['["TaxMSP","HealthMSP"]']);
      expect(call.options.endorsingOrganizations).to.deep.equal(['TaxMSP', 'HealthMSP']);
    });
  });

  describe('consents', () => {
    const wallet = generateHolderKeyPair();
    const consent = buildConsent({
      consentId: 'C-1',
      holderRef: HOLDER_REF,
      granteeMsp: 'TaxMSP',
      licenceId: 'BL-1',
      purpose: 'tax clearance',
      expiresAt: '2030-01-01T00:00:00Z',
    });

    it('grantConsent relays the canonical consent and the signature, leaving endorsers to discovery', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', { GrantConsent: CONSENT_RECORD });
      const signed = signConsent(wallet.privateKeyPem, consent);
      const outcome = await eLicenseClient(connection).grantConsent(signed);
      const call = only(calls);
      expect(call.options.arguments).to.deep.equal([canonicalJson(consent), signed.signature]);
      expect(call.options.endorsingOrganizations).to.equal(undefined);
      expect(outcome.result).to.deep.equal(CONSENT_RECORD);
    });

    it('withdrawConsent sends the consent id, the canonical withdrawal and the signature, endorsed with the identity authority', async () => {
      const withdrawn = { ...CONSENT_RECORD, status: 'WITHDRAWN', withdrawnAt: T0 };
      const { connection, calls } = licenceConnection('TaxMSP', { WithdrawConsent: withdrawn });
      const signed = signWithdrawal(wallet.privateKeyPem, buildWithdrawal({ consentId: 'C-1', holderRef: HOLDER_REF }));
      expect((await eLicenseClient(connection).withdrawConsent(signed)).result).to.deep.equal(withdrawn);
      expect(calls.map((c) => [c.kind, c.name, c.options.arguments])).to.deep.equal([
        ['evaluate', 'ListLicenseTypes', []],
        ['submit', 'WithdrawConsent', ['C-1', canonicalJson(signed.withdrawal), signed.signature]],
      ]);
      expect(calls[1]?.options.endorsingOrganizations).to.deep.equal(['PublicSecurityMSP', 'TaxMSP']);
    });

    it('withdrawConsent relayed by Public Security is endorsed by it and a partner; given endorsers win', async () => {
      const withdrawn = { ...CONSENT_RECORD, status: 'WITHDRAWN', withdrawnAt: T0 };
      const signed = signWithdrawal(wallet.privateKeyPem, buildWithdrawal({ consentId: 'C-1', holderRef: HOLDER_REF }));
      const own = licenceConnection('PublicSecurityMSP', { WithdrawConsent: withdrawn });
      await eLicenseClient(own.connection).withdrawConsent(signed);
      expect(own.calls[1]?.options.endorsingOrganizations).to.deep.equal(['PublicSecurityMSP', 'CivilAffairsMSP']);
      const given = licenceConnection('TaxMSP', { WithdrawConsent: withdrawn });
      await eLicenseClient(given.connection).withdrawConsent(signed, {
        endorsingOrganizations: ['HealthMSP', 'PublicSecurityMSP'],
      });
      expect(given.calls.map((c) => c.name)).to.deep.equal(['WithdrawConsent']);
      expect(only(given.calls).options.endorsingOrganizations).to.deep.equal(['HealthMSP', 'PublicSecurityMSP']);
    });

    it("listConsentsForDepartment asks for the caller's own consents by default", async () => {
      const page = { records: [CONSENT_RECORD], bookmark: '', fetchedCount: 1 };
      const { connection, calls } = licenceConnection('TaxMSP', { ListConsentsForDepartment: page });
      const client = eLicenseClient(connection);
      expect(await client.listConsentsForDepartment()).to.deep.equal(page);
      await client.listConsentsForDepartment({ mspId: 'HealthMSP', pageSize: 5 });
      expect(calls.map((c) => c.options.arguments)).to.deep.equal([
        ['TaxMSP', '', ''],
        ['HealthMSP', '5', ''],
      ]);
    });
  });

  describe('personal detail', () => {
    const detail = {
      licenceId: 'BL-1',
      issuerMsp: 'MarketRegulationMSP',
      holderRef: HOLDER_REF,
      idNumber: '11010519491231002X',
      name: 'Zhang San',
      extra: {},
      accessId: 'tx-access',
      consentId: 'C-1',
    };

    const sealed = sealedAnswer('e-license', 'ReadLicenseDetail', detail);

    it("readLicenseDetail evaluates on the issuer's peer", async () => {
      const { connection, calls } = licenceConnection('TaxMSP', { ReadLicenseDetail: sealed });
      const result = await eLicenseClient(connection).readLicenseDetail({
        licenceId: 'BL-1',
        accessId: 'tx-access',
        issuerMsp: 'MarketRegulationMSP',
      });
      const call = only(calls);
      expect(call).to.include({ kind: 'evaluate', name: 'ReadLicenseDetail' });
      expect(call.options.arguments).to.deep.equal(['BL-1', 'tx-access']);
      expect(call.options.endorsingOrganizations).to.deep.equal(['MarketRegulationMSP']);
      expect(result).to.deep.equal(detail);
    });

    it('readLicenseDetail sends a fresh one-time key, in transient data only, and opens the sealed answer with it', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', { ReadLicenseDetail: sealed });
      const client = eLicenseClient(connection);
      const input = { licenceId: 'BL-1', accessId: 'tx-access', issuerMsp: 'MarketRegulationMSP' };
      expect(await client.readLicenseDetail(input)).to.deep.equal(detail);
      expect(await client.readLicenseDetail(input)).to.deep.equal(detail);
      const keys = calls.map((call) => {
        expect(Object.keys(transientText(call))).to.deep.equal([RESPONSE_KEY_FIELD]);
        return transientText(call)[RESPONSE_KEY_FIELD]!;
      });
      for (const key of keys) {
        expect(key).to.match(/^[A-Za-z0-9+/]{43}=$/);
        expect(Buffer.from(key, 'base64')).to.have.length(32);
      }
      expect(keys[0], 'a new key per call').to.not.equal(keys[1]);
      expect(calls.flatMap((call) => call.options.arguments ?? [])).to.not.include(keys[0]);
    });

    for (const [what, answer] of [
      ['the plaintext detail (an unsealed answer)', () => canonicalJson(detail)],
      [
        'an answer sealed under another key',
        (call: CallContext) =>
          canonicalJson(
            sealResponse(
              Buffer.alloc(32, 7),
              responseLabel('e-license', 'ReadLicenseDetail', call.transactionId ?? ''),
              canonicalJson(detail),
            ),
          ),
      ],
      [
        'an answer sealed for another transaction',
        (call: CallContext) =>
          canonicalJson(
            sealResponse(
              Buffer.from(text(call.options.transientData![RESPONSE_KEY_FIELD] as Uint8Array), 'base64'),
              responseLabel('e-license', 'ReadLicenseDetail', 'tx-other'),
              canonicalJson(detail),
            ),
          ),
      ],
    ] as const) {
      it(`readLicenseDetail refuses ${what} with INVALID_RESULT`, async () => {
        const { connection } = licenceConnection('TaxMSP', { ReadLicenseDetail: answer });
        await expect(
          eLicenseClient(connection).readLicenseDetail({
            licenceId: 'BL-1',
            accessId: 'tx-access',
            issuerMsp: 'MarketRegulationMSP',
          }),
        )
          .to.be.rejectedWith(
            GovchainError,
            /^e-license ReadLicenseDetail returned a sealed response that cannot be opened/,
          )
          .and.eventually.include({ code: 'INVALID_RESULT', transactionId: 'tx-1' });
      });
    }

    it('readLicenseDetail looks the issuer up when it is not given', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', { GetLicense: LICENCE, ReadLicenseDetail: sealed });
      await eLicenseClient(connection).readLicenseDetail({ licenceId: 'BL-1', accessId: 'tx-access' });
      expect(calls.map((c) => c.name)).to.deep.equal(['GetLicense', 'ReadLicenseDetail']);
      expect(calls[1]?.options.endorsingOrganizations).to.deep.equal(['MarketRegulationMSP']);
    });

    it('readDetailUnderConsent records the access, then reads with the returned access id', async () => {
      const { connection, calls } = licenceConnection('TaxMSP', {
        GetLicense: LICENCE,
        RecordDetailAccess: ACCESS,
        ReadLicenseDetail: sealed,
      });
      const read = await eLicenseClient(connection).readDetailUnderConsent({
        licenceId: 'BL-1',
        consentId: 'C-1',
        purpose: 'tax clearance',
      });
      expect(calls.map((c) => `${c.kind} ${c.name}`)).to.deep.equal([
        'evaluate GetLicense',
        'submit RecordDetailAccess',
        'evaluate ReadLicenseDetail',
      ]);
      expect(calls[1]?.options.arguments).to.deep.equal(['BL-1', 'C-1', 'tax clearance']);
      expect(Object.keys(transientText(calls[1]!))).to.deep.equal(['requestId']);
      expect(calls[2]?.options.arguments).to.deep.equal(['BL-1', 'tx-access']);
      expect(read.access.result).to.deep.equal(ACCESS);
      expect(read.detail).to.deep.equal(detail);
    });

    it("asks the issuer's peer again while it has not yet committed the access record", async () => {
      const notYet = endorseError(GrpcStatus.UNKNOWN, 'UNKNOWN', 'evaluate call to endorser returned error', [
        {
          address: 'p',
          mspId: 'MarketRegulationMSP',
          message: 'chaincode response 500, NOT_FOUND: detail access tx-access does not exist',
        },
      ]);
      let reads = 0;
      const { connection } = licenceConnection('TaxMSP', {
        GetLicense: LICENCE,
        RecordDetailAccess: ACCESS,
        ReadLicenseDetail: (call: CallContext) => (++reads < 3 ? notYet : sealed(call)),
      });
      const read = await eLicenseClient(connection).readDetailUnderConsent({
        licenceId: 'BL-1',
        consentId: 'C-1',
        purpose: 'tax clearance',
      });
      expect(reads).to.equal(3);
      expect(read.detail).to.deep.equal(detail);
    });

    it('gives up with the NOT_FOUND refusal after the configured wait', async () => {
      const notYet = endorseError(GrpcStatus.UNKNOWN, 'UNKNOWN', 'evaluate call to endorser returned error', [
        {
          address: 'p',
          mspId: 'MarketRegulationMSP',
          message: 'chaincode response 500, NOT_FOUND: detail access tx-access does not exist',
        },
      ]);
      const { connection, calls } = licenceConnection('TaxMSP', {
        GetLicense: LICENCE,
        RecordDetailAccess: ACCESS,
        ReadLicenseDetail: notYet,
      });
      await expect(
        eLicenseClient(connection, { detailReadWaitMs: 0 }).readDetailUnderConsent({
          licenceId: 'BL-1',
          consentId: 'C-1',
          purpose: 'p',
        }),
      )
        .to.be.rejectedWith(ChaincodeError)
        .and.eventually.have.property('code', 'NOT_FOUND');
      expect(calls.filter((c) => c.name === 'ReadLicenseDetail')).to.have.length(1);
    });

    it('does not read when recording the access is refused', async () => {
      const refusal = endorseError(GrpcStatus.ABORTED, 'ABORTED', 'failed to endorse transaction', [
        {
          address: 'p',
          mspId: 'TaxMSP',
          message: 'chaincode response 500, PRECONDITION_FAILED: consent C-1 has been withdrawn',
        },
      ]);
      const { connection, calls } = licenceConnection('TaxMSP', {
        GetLicense: LICENCE,
        RecordDetailAccess: refusal,
        ReadLicenseDetail: sealed,
      });
      await expect(
        eLicenseClient(connection).readDetailUnderConsent({ licenceId: 'BL-1', consentId: 'C-1', purpose: 'p' }),
      )
        .to.be.rejectedWith(ChaincodeError)
        .and.eventually.have.property('code', 'PRECONDITION_FAILED');
      expect(calls.map((c) => c.name)).to.deep.equal(['GetLicense', 'RecordDetailAccess']);
    });

    it('listDetailAccesses returns checked access records', async () => {
      const page = { records: [ACCESS], bookmark: '', fetchedCount: 1 };
      const { connection, calls } = licenceConnection('MarketRegulationMSP', { ListDetailAccesses: page });
      expect(await eLicenseClient(connection).listDetailAccesses('BL-1', { pageSize: 10 })).to.deep.equal(page);
      expect(only(calls).options.arguments).to.deep.equal(['BL-1', '10', '']);
    });
  });

  describe('holder keys and the holder-reference key', () => {
    const wallet = generateHolderKeyPair();
    const RECORD = {
      holderRef: HOLDER_REF,
      publicKey: wallet.publicKeyHex,
      fingerprint: wallet.fingerprint,
      keyVersion: 1,
      proof: 'ab'.repeat(70),
      previousFingerprint: '',
      boundByMsp: 'PublicSecurityMSP',
      boundAt: T0,
      txId: 'tx',
    };

    it('getHolderKey returns the binding', async () => {
      const { connection } = licenceConnection('TaxMSP', { GetHolderKey: RECORD });
      expect(await eLicenseClient(connection).getHolderKey(HOLDER_REF)).to.deep.equal(RECORD);
    });

    for (const [method, transaction] of [
      ['bindHolderKey', 'BindHolderKey'],
      ['rotateHolderKey', 'RotateHolderKey'],
    ] as const) {
      it(`${method} sends the signed binding as arguments and the grant only as transient data`, async () => {
        const { connection, calls } = licenceConnection('PublicSecurityMSP', { [transaction]: RECORD });
        const signed = signHolderKeyBinding(wallet.privateKeyPem, { holderRef: HOLDER_REF, keyVersion: 1 });
        const outcome = await eLicenseClient(connection)[method]({ holderRefGrant: GRANT_ID, signed });
        const call = only(calls);
        expect(call).to.include({ kind: 'submit', name: transaction });
        expect(call.options.arguments).to.deep.equal([canonicalJson(signed.binding), signed.signature]);
        expect(transientText(call)).to.deep.equal({ holderRefGrant: GRANT_ID });
        expect(call.options.endorsingOrganizations).to.deep.equal(['PublicSecurityMSP', 'CivilAffairsMSP']);
        expect(outcome.result).to.deep.equal(RECORD);
      });
    }

    it('refuses a holder key record without a version with INVALID_RESULT', async () => {
      const { connection } = licenceConnection('TaxMSP', { GetHolderKey: { ...RECORD, keyVersion: undefined } });
      await expect(eLicenseClient(connection).getHolderKey(HOLDER_REF))
        .to.be.rejectedWith(GovchainError)
        .and.eventually.have.property('code', 'INVALID_RESULT');
    });

    it("setHolderRefKey sends the key only as transient data, to the caller's own peer alone", async () => {
      const { connection, calls } = licenceConnection('PublicSecurityMSP', {
        SetHolderRefKey: { collection: 'holderRefKey', set: true, setByMsp: 'PublicSecurityMSP', txId: 'tx-1' },
      });
      const outcome = await eLicenseClient(connection).setHolderRefKey('5f'.repeat(32));
      const call = only(calls);
      expect(call.options.arguments).to.deep.equal([]);
      expect(transientText(call)).to.deep.equal({ holderRefKey: '5f'.repeat(32) });
      expect(call.options.endorsingOrganizations).to.deep.equal(['PublicSecurityMSP']);
      expect(outcome.result.set).to.equal(true);
    });

    it('seedLicenseTypes sends no arguments and reports whether it seeded', async () => {
      const { connection, calls } = licenceConnection('PublicSecurityMSP', { SeedLicenseTypes: { seeded: false } });
      const outcome = await eLicenseClient(connection).seedLicenseTypes();
      expect(only(calls)).to.include({ kind: 'submit', name: 'SeedLicenseTypes' });
      expect(only(calls).options.arguments).to.deep.equal([]);
      expect(outcome.result).to.deep.equal({ seeded: false });
    });
  });
});

describe('pairEndorsingOrganizations', () => {
  const partners = ['PublicSecurityMSP', 'CivilAffairsMSP'];

  it("an issuer's own record: the issuer and the first partner that is not the issuer", () => {
    expect(pairEndorsingOrganizations('TaxMSP', 'TaxMSP', partners)).to.deep.equal(['TaxMSP', 'PublicSecurityMSP']);
    expect(pairEndorsingOrganizations('PublicSecurityMSP', 'PublicSecurityMSP', partners)).to.deep.equal([
      'PublicSecurityMSP',
      'CivilAffairsMSP',
    ]);
    expect(pairEndorsingOrganizations('TaxMSP', 'TaxMSP', ['HealthMSP'])).to.deep.equal(['TaxMSP', 'HealthMSP']);
  });

  it("another department's record: its owner and the caller", () => {
    expect(pairEndorsingOrganizations('PublicSecurityMSP', 'TaxMSP', partners)).to.deep.equal([
      'PublicSecurityMSP',
      'TaxMSP',
    ]);
  });

  it('refuses when no partner other than the owner is available', () => {
    expect(() => pairEndorsingOrganizations('TaxMSP', 'TaxMSP', ['TaxMSP'])).to.throw(
      TypeError,
      /no endorsing partner/,
    );
  });
});

describe('majorityOf', () => {
  const cases: [string[], string, string[]][] = [
    [['A', 'B', 'C'], 'B', ['B', 'A']],
    [['A', 'B', 'C', 'D'], 'D', ['D', 'A', 'B']],
    [['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'], 'A', ['A', 'B', 'C', 'D', 'E']],
    [['A', 'B', 'C'], 'X', ['A', 'B']],
    [['A'], 'A', ['A']],
  ];
  for (const [msps, caller, expected] of cases) {
    it(`chooses ${expected.join(',')} from ${msps.join(',')} for ${caller}`, () => {
      expect(majorityOf(msps, caller)).to.deep.equal(expected);
    });
  }
});
