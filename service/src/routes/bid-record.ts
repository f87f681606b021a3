/**
 * The bid-record chaincode over REST: tender projects and their life (publish, amend, bidding, opening,
 * evaluation, publicity, objections, award, contract, performance), sealed bids by commit–reveal, witness
 * evidence, guarantees and the shared bidder credit. A bid action carries the bidder's own signature over
 * its canonical payload (the sequence and key version it signed are part of the request): the service
 * never holds a bidder's key.
 */
import type { BidderSigner } from '@govchain/gateway-client';
import { BID_RECORD_TRANSACTIONS, type PerformanceOutcome } from '@govchain/protocol/bid-record';
import type { JsonSchema } from '../schemas';
import { type Input, type Route, type RouteSpec, opt, pageOf, parametersBody, routesOf, str } from './route';

const body = (
  transaction: string,
  required: readonly string[],
  optional: readonly string[] = [],
  extra: Record<string, JsonSchema> = {},
): JsonSchema => parametersBody(BID_RECORD_TRANSACTIONS, transaction, required, optional, extra);

const SEQUENCE: JsonSchema = { type: 'integer', minimum: 1, description: 'the bid sequence number signed' };
const KEY_VERSION: JsonSchema = { type: 'integer', minimum: 1, description: "the bidder key's version that signed" };
/** What a bid action's signature covers besides the action's own members. */
const SIGNED = { sequence: SEQUENCE, keyVersion: KEY_VERSION };

/** The bidder's signature as given: the payload it covers is built from the same request. */
function signed(input: Input): { signer: BidderSigner; sequence: number; keyVersion: number } {
  const signature = str(input, 'signature');
  return { signer: () => signature, sequence: input.sequence as number, keyVersion: input.keyVersion as number };
}

/** A project step with only the project and one more argument. */
function projectStep(transaction: string, path: string, member: string, run: RouteSpec['run']): RouteSpec {
  return {
    transaction,
    method: 'POST',
    path: `/projects/:projectId/${path}`,
    params: ['projectId'],
    body: body(transaction, [member]),
    run,
  };
}

const SPECS: readonly RouteSpec[] = [
  // ------------------------------------------------------------------ configuration
  { transaction: 'GetConfig', method: 'GET', path: '/config', run: (c) => c.bidRecord.getConfig() },
  { transaction: 'SeedConfig', method: 'POST', path: '/config/seed', run: (c, _i, o) => c.bidRecord.seedConfig(o) },
  {
    transaction: 'UpdateConfig',
    method: 'POST',
    path: '/config/update',
    run: (c, _i, o) => c.bidRecord.updateConfig(o),
  },
  // ------------------------------------------------------------------ projects
  {
    transaction: 'PublishProject',
    method: 'POST',
    path: '/projects',
    body: { $ref: '#/definitions/PublishProjectInput' },
    run: (c, i, o) => c.bidRecord.publishProject(i as never, o),
  },
  {
    transaction: 'AmendProject',
    method: 'POST',
    path: '/projects/:projectId/amendments',
    params: ['projectId'],
    body: body('AmendProject', ['fingerprint', 'reason'], ['bidDeadline', 'openingTime']),
    run: (c, i, o) => {
      const bidDeadline = opt(i, 'bidDeadline');
      const openingTime = opt(i, 'openingTime');
      return c.bidRecord.amendProject(
        {
          projectId: str(i, 'projectId'),
          fingerprint: str(i, 'fingerprint'),
          reason: str(i, 'reason'),
          ...(bidDeadline === undefined ? {} : { bidDeadline }),
          ...(openingTime === undefined ? {} : { openingTime }),
        },
        o,
      );
    },
  },
  projectStep('TerminateProject', 'termination', 'reasonCode', (c, i, o) =>
    c.bidRecord.terminateProject(str(i, 'projectId'), str(i, 'reasonCode'), o),
  ),
  {
    transaction: 'GetProject',
    method: 'GET',
    path: '/projects/:projectId',
    params: ['projectId'],
    run: (c, i) => c.bidRecord.getProject(str(i, 'projectId')),
  },
  {
    transaction: 'ListProjectsByCentre',
    method: 'GET',
    path: '/centres/:centreMsp/projects',
    params: ['centreMsp'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.bidRecord.listProjectsByCentre(str(i, 'centreMsp'), pageOf(i)),
  },
  // ------------------------------------------------------------------ bidder keys and sealed bids
  {
    transaction: 'BindBidderKey',
    method: 'POST',
    path: '/bidder-keys',
    body: body('BindBidderKey', ['signature'], [], { binding: { $ref: '#/definitions/BidderKeyBinding' } }),
    run: (c, i, o) => c.bidRecord.bindBidderKey(i as never, o),
  },
  {
    transaction: 'GetBidderKey',
    method: 'GET',
    path: '/bidders/:bidderCode/key',
    params: ['bidderCode'],
    run: (c, i) => c.bidRecord.getBidderKey(str(i, 'bidderCode')),
  },
  {
    transaction: 'CommitBid',
    method: 'POST',
    path: '/projects/:projectId/bids',
    params: ['projectId'],
    body: body('CommitBid', ['bidderCode', 'licenceId', 'commitment', 'signature'], ['guaranteeId'], SIGNED),
    run: (c, i, o) => {
      const guaranteeId = opt(i, 'guaranteeId');
      return c.bidRecord.commitBid(
        {
          projectId: str(i, 'projectId'),
          bidderCode: str(i, 'bidderCode'),
          licenceId: str(i, 'licenceId'),
          commitment: str(i, 'commitment'),
          ...(guaranteeId === undefined ? {} : { guaranteeId }),
          ...signed(i),
        },
        o,
      );
    },
  },
  {
    transaction: 'ReplaceBid',
    method: 'POST',
    path: '/projects/:projectId/bids/:bidderCode/replacement',
    params: ['projectId', 'bidderCode'],
    body: body('ReplaceBid', ['commitment', 'signature'], ['guaranteeId'], SIGNED),
    run: (c, i, o) => {
      const guaranteeId = opt(i, 'guaranteeId');
      return c.bidRecord.replaceBid(
        {
          projectId: str(i, 'projectId'),
          bidderCode: str(i, 'bidderCode'),
          commitment: str(i, 'commitment'),
          ...(guaranteeId === undefined ? {} : { guaranteeId }),
          ...signed(i),
        },
        o,
      );
    },
  },
  {
    transaction: 'WithdrawBid',
    method: 'POST',
    path: '/projects/:projectId/bids/:bidderCode/withdrawal',
    params: ['projectId', 'bidderCode'],
    body: body('WithdrawBid', ['signature'], [], SIGNED),
    run: (c, i, o) =>
      c.bidRecord.withdrawBid({ projectId: str(i, 'projectId'), bidderCode: str(i, 'bidderCode'), ...signed(i) }, o),
  },
  {
    transaction: 'CloseBidding',
    method: 'POST',
    path: '/projects/:projectId/bidding-close',
    params: ['projectId'],
    run: (c, i, o) => c.bidRecord.closeBidding(str(i, 'projectId'), o),
  },
  {
    transaction: 'RevealBid',
    method: 'POST',
    path: '/projects/:projectId/bids/:bidderCode/reveal',
    params: ['projectId', 'bidderCode'],
    body: body('RevealBid', ['price', 'salt', 'bidDocumentFingerprint']),
    run: (c, i, o) =>
      c.bidRecord.revealBid(
        {
          projectId: str(i, 'projectId'),
          bidderCode: str(i, 'bidderCode'),
          price: Number(str(i, 'price')),
          salt: str(i, 'salt'),
          bidDocumentFingerprint: str(i, 'bidDocumentFingerprint'),
        },
        o,
      ),
  },
  {
    transaction: 'OpenBids',
    method: 'POST',
    path: '/projects/:projectId/opening',
    params: ['projectId'],
    body: body('OpenBids', ['revealsJson']),
    run: (c, i, o) => c.bidRecord.openBids(str(i, 'projectId'), i.revealsJson as never, o),
  },
  {
    transaction: 'GetBid',
    method: 'GET',
    path: '/projects/:projectId/bids/:bidderCode',
    params: ['projectId', 'bidderCode'],
    run: (c, i) => c.bidRecord.getBid(str(i, 'projectId'), str(i, 'bidderCode')),
  },
  {
    transaction: 'ListBids',
    method: 'GET',
    path: '/projects/:projectId/bids',
    params: ['projectId'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.bidRecord.listBids(str(i, 'projectId'), pageOf(i)),
  },
  // ------------------------------------------------------------------ evaluation to performance
  {
    transaction: 'RecordEvaluation',
    method: 'POST',
    path: '/projects/:projectId/evaluation',
    params: ['projectId'],
    body: { $ref: '#/definitions/RecordEvaluationInput' },
    run: (c, i, o) => {
      const { projectId, ...evaluation } = i;
      return c.bidRecord.recordEvaluation(projectId as string, evaluation as never, o);
    },
  },
  projectStep('StartPublicity', 'publicity', 'publicityEndsAt', (c, i, o) =>
    c.bidRecord.startPublicity(str(i, 'projectId'), str(i, 'publicityEndsAt'), o),
  ),
  {
    transaction: 'RecordObjection',
    method: 'POST',
    path: '/projects/:projectId/objections',
    params: ['projectId'],
    body: body('RecordObjection', ['objectionId', 'reasonCode', 'fingerprint']),
    run: (c, i, o) =>
      c.bidRecord.recordObjection(
        {
          projectId: str(i, 'projectId'),
          objectionId: str(i, 'objectionId'),
          reasonCode: str(i, 'reasonCode'),
          fingerprint: str(i, 'fingerprint'),
        },
        o,
      ),
  },
  {
    transaction: 'ResolveObjection',
    method: 'POST',
    path: '/projects/:projectId/objections/:objectionId/resolution',
    params: ['projectId', 'objectionId'],
    body: body('ResolveObjection', ['resolution', 'fingerprint']),
    run: (c, i, o) =>
      c.bidRecord.resolveObjection(
        {
          projectId: str(i, 'projectId'),
          objectionId: str(i, 'objectionId'),
          resolution: i.resolution as never,
          fingerprint: str(i, 'fingerprint'),
        },
        o,
      ),
  },
  projectStep('AwardProject', 'award', 'noticeFingerprint', (c, i, o) =>
    c.bidRecord.awardProject(str(i, 'projectId'), str(i, 'noticeFingerprint'), o),
  ),
  projectStep('RecordContract', 'contract', 'contractFingerprint', (c, i, o) =>
    c.bidRecord.recordContract(str(i, 'projectId'), str(i, 'contractFingerprint'), o),
  ),
  {
    transaction: 'RecordPerformance',
    method: 'POST',
    path: '/projects/:projectId/performance',
    params: ['projectId'],
    body: body('RecordPerformance', ['outcome', 'reportFingerprint']),
    run: (c, i, o) =>
      c.bidRecord.recordPerformance(
        str(i, 'projectId'),
        i.outcome as PerformanceOutcome,
        str(i, 'reportFingerprint'),
        o,
      ),
  },
  // ------------------------------------------------------------------ evidence
  {
    transaction: 'RecordEvidence',
    method: 'POST',
    path: '/projects/:projectId/evidence',
    params: ['projectId'],
    body: { $ref: '#/definitions/RecordEvidenceInput' },
    run: (c, i, o) => {
      const { projectId, ...evidence } = i;
      return c.bidRecord.recordEvidence(projectId as string, evidence as never, o);
    },
  },
  {
    transaction: 'ListEvidence',
    method: 'GET',
    path: '/projects/:projectId/evidence',
    params: ['projectId'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.bidRecord.listEvidence(str(i, 'projectId'), pageOf(i)),
  },
  // ------------------------------------------------------------------ guarantees
  {
    transaction: 'IssueGuarantee',
    method: 'POST',
    path: '/guarantees',
    body: { $ref: '#/definitions/IssueGuaranteeInput' },
    run: (c, i, o) => c.bidRecord.issueGuarantee(i as never, o),
  },
  {
    transaction: 'ReleaseGuarantee',
    method: 'POST',
    path: '/guarantees/:guaranteeId/release',
    params: ['guaranteeId'],
    body: body('ReleaseGuarantee', ['reasonCode']),
    run: (c, i, o) => c.bidRecord.releaseGuarantee(str(i, 'guaranteeId'), str(i, 'reasonCode'), o),
  },
  {
    transaction: 'ClaimGuarantee',
    method: 'POST',
    path: '/guarantees/:guaranteeId/claim',
    params: ['guaranteeId'],
    body: body('ClaimGuarantee', ['reasonCode']),
    run: (c, i, o) => c.bidRecord.claimGuarantee(str(i, 'guaranteeId'), str(i, 'reasonCode'), o),
  },
  {
    transaction: 'GetGuarantee',
    method: 'GET',
    path: '/guarantees/:guaranteeId',
    params: ['guaranteeId'],
    run: (c, i) => c.bidRecord.getGuarantee(str(i, 'guaranteeId')),
  },
  {
    transaction: 'ListGuaranteesByProject',
    method: 'GET',
    path: '/projects/:projectId/guarantees',
    params: ['projectId'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.bidRecord.listGuaranteesByProject(str(i, 'projectId'), pageOf(i)),
  },
  // ------------------------------------------------------------------ bidder credit
  {
    transaction: 'RecordViolation',
    method: 'POST',
    path: '/bidders/:bidderCode/violations',
    params: ['bidderCode'],
    body: body('RecordViolation', ['reasonCode'], ['projectId', 'evidenceFingerprint']),
    run: (c, i, o) => {
      const projectId = opt(i, 'projectId');
      const evidenceFingerprint = opt(i, 'evidenceFingerprint');
      return c.bidRecord.recordViolation(
        {
          bidderCode: str(i, 'bidderCode'),
          reasonCode: str(i, 'reasonCode'),
          ...(projectId === undefined ? {} : { projectId }),
          ...(evidenceFingerprint === undefined ? {} : { evidenceFingerprint }),
        },
        o,
      );
    },
  },
  {
    transaction: 'BlacklistBidder',
    method: 'POST',
    path: '/bidders/:bidderCode/blacklistings',
    params: ['bidderCode'],
    body: body('BlacklistBidder', ['reasonCode', 'expiresAt'], ['projectId']),
    run: (c, i, o) => {
      const projectId = opt(i, 'projectId');
      return c.bidRecord.blacklistBidder(
        {
          bidderCode: str(i, 'bidderCode'),
          reasonCode: str(i, 'reasonCode'),
          expiresAt: str(i, 'expiresAt'),
          ...(projectId === undefined ? {} : { projectId }),
        },
        o,
      );
    },
  },
  {
    transaction: 'LiftBlacklisting',
    method: 'POST',
    path: '/bidders/:bidderCode/blacklistings/:entryId/lift',
    params: ['bidderCode', 'entryId'],
    body: body('LiftBlacklisting', ['reasonCode']),
    run: (c, i, o) =>
      c.bidRecord.liftBlacklisting(
        { bidderCode: str(i, 'bidderCode'), entryId: str(i, 'entryId'), reasonCode: str(i, 'reasonCode') },
        o,
      ),
  },
  {
    transaction: 'GetBidderProfile',
    method: 'GET',
    path: '/bidders/:bidderCode',
    params: ['bidderCode'],
    query: ['recentCount'],
    run: (c, i) => {
      const recent = opt(i, 'recentCount');
      return c.bidRecord.getBidderProfile(str(i, 'bidderCode'), recent === undefined ? undefined : Number(recent));
    },
  },
  {
    transaction: 'ListCreditRecords',
    method: 'GET',
    path: '/bidders/:bidderCode/credit-records',
    params: ['bidderCode'],
    query: ['pageSize', 'bookmark'],
    run: (c, i) => c.bidRecord.listCreditRecords(str(i, 'bidderCode'), pageOf(i)),
  },
];

/** The bid-record routes. */
export const BID_RECORD_ROUTES: readonly Route[] = routesOf('bid-record', BID_RECORD_TRANSACTIONS, SPECS);
