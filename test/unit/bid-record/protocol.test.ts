import { type ClassConstructor, canonicalJson, parseRecord, parseRecords } from '@govchain/protocol';
import {
  Bid,
  BidderKey,
  BidderKeyBinding,
  BidderProfile,
  Blacklisting,
  CreditRecord,
  Evidence,
  Guarantee,
  OpeningResult,
  OpeningReveal,
  PublishProjectInput,
  RecordEvaluationInput,
  RecordEvidenceInput,
  TenderProject,
  TradingConfig,
  bidActionPayload,
  bidCommitment,
} from '@govchain/protocol/bid-record';
import { BIDDER_A, BIDDER_B, FP, T0, TC1, TC2, expect } from './fixtures';

/** The bid-record records of @govchain/protocol: one definition the chaincode and the client both check with. */

const fail = (detail: string): Error => new Error(detail);
const parse = <T extends object>(type: ClassConstructor<T>, value: unknown): T => parseRecord(type, value, '$', fail);
const HASH = 'ab'.repeat(32);
const SALT = 's'.repeat(40);

const BID = {
  projectId: 'P-1',
  bidderCode: BIDDER_A,
  licenceId: 'BL-A',
  submittedByMsp: TC2,
  commitment: HASH,
  guaranteeId: '',
  status: 'VALID',
  disqualificationReason: '',
  price: 1000,
  salt: SALT,
  bidDocumentFingerprint: FP,
  revealedAt: T0,
  committedAt: T0,
  replacements: 0,
  sequence: 1,
  keyVersion: 1,
  updatedAt: T0,
  updatedByMsp: TC2,
  txId: 'tx-1',
};
const PROJECT = {
  projectId: 'P-1',
  centreMsp: TC1,
  title: 'Road works',
  tendererCode: BIDDER_B,
  tendererName: 'City roads office',
  category: 'CONSTRUCTION',
  budget: 5_000_000,
  documentFingerprint: HASH,
  bidDeadline: T0,
  openingTime: T0,
  evaluationMethod: 'LOWEST_PRICE',
  minValidBids: 1,
  originalFingerprint: FP,
  amendments: [{ fingerprint: HASH, reason: 'typo', bidDeadline: T0, openingTime: T0, amendedAt: T0, txId: 'tx-2' }],
  status: 'PUBLICITY',
  statusReason: 'PUBLICITY',
  validBidCount: 1,
  disqualifiedBidCount: 0,
  biddingClosedAt: T0,
  revealWindowEndsAt: T0,
  openedAt: T0,
  evaluationReportFingerprint: HASH,
  ranking: [{ rank: 1, bidderCode: BIDDER_A, score: 87.5, price: 1000 }],
  evaluatedAt: T0,
  candidateBidderCode: BIDDER_A,
  publicityStartedAt: T0,
  publicityEndsAt: T0,
  objections: [
    {
      objectionId: 'O-1',
      reasonCode: 'QUALIFICATION_DOUBT',
      fingerprint: HASH,
      status: 'PENDING',
      recordedAt: T0,
      resolutionFingerprint: '',
      resolvedAt: '',
    },
  ],
  winnerBidderCode: '',
  awardPrice: 0,
  awardNoticeFingerprint: '',
  awardedAt: '',
  contractFingerprint: '',
  contractRecordedAt: '',
  performanceOutcome: '',
  performanceReportFingerprint: '',
  performanceRecordedAt: '',
  publishedAt: T0,
  updatedAt: T0,
  updatedByMsp: TC1,
  txId: 'tx-3',
};
const BLACKLISTING = {
  entryId: 'tx-4',
  bidderCode: BIDDER_A,
  imposedByMsp: TC1,
  reasonCode: 'FRAUD',
  projectId: '',
  imposedAt: T0,
  expiresAt: '2026-03-01T00:00:00.000Z',
  status: 'ACTIVE',
  liftedAt: '',
  liftReasonCode: '',
  txId: 'tx-4',
};
const CREDIT = {
  bidderCode: BIDDER_A,
  kind: 'WIN',
  projectId: 'P-1',
  recordedByMsp: TC1,
  reasonCode: '',
  evidenceFingerprint: '',
  recordedAt: T0,
  txId: 'tx-5',
};
const CONFIG = {
  departmentMsps: [TC1, TC2, 'MarketRegulationMSP'],
  tradingCentreMsps: [TC1, TC2],
  regulatorMsps: ['MarketRegulationMSP'],
  bidderKeyAuthorityMsps: ['MarketRegulationMSP'],
  minRevealWindowSeconds: 600,
  updatedAt: T0,
  updatedByMsp: TC1,
  txId: 'tx-6',
};
const RECORDS: [string, ClassConstructor<object>, Record<string, unknown>][] = [
  ['TenderProject', TenderProject, PROJECT],
  ['Bid', Bid, BID],
  ['Blacklisting', Blacklisting, BLACKLISTING],
  ['CreditRecord', CreditRecord, CREDIT],
  ['TradingConfig', TradingConfig, CONFIG],
  [
    'BidderKey',
    BidderKey,
    {
      bidderCode: BIDDER_A,
      publicKey: '3059',
      fingerprint: FP,
      keyVersion: 1,
      boundByMsp: TC1,
      boundAt: T0,
      txId: 't',
    },
  ],
  [
    'Evidence',
    Evidence,
    {
      evidenceId: 'tx-7',
      projectId: 'P-1',
      step: 'BID_OPENING',
      fingerprint: FP,
      mediaType: 'video/mp4',
      size: 1,
      storageUri: 's3://evidence/P-1/opening.mp4',
      description: '',
      recorderMsp: TC1,
      recordedAt: T0,
      txId: 'tx-7',
    },
  ],
  [
    'Guarantee',
    Guarantee,
    {
      guaranteeId: 'G-1',
      projectId: 'P-1',
      projectCentreMsp: TC1,
      bidderCode: BIDDER_A,
      guarantorCode: BIDDER_B,
      guarantorName: 'Bank',
      amount: 100,
      rateBasisPoints: 50,
      fingerprint: FP,
      status: 'ISSUED',
      statusReason: 'ISSUED',
      issuedByMsp: TC1,
      issuedAt: T0,
      updatedAt: T0,
      updatedByMsp: TC1,
      txId: 'tx-8',
    },
  ],
  [
    'BidderProfile',
    BidderProfile,
    {
      bidderCode: BIDDER_A,
      asOf: T0,
      bids: 2,
      wins: 1,
      defaults: 0,
      violations: 0,
      fulfilled: 0,
      recordedBy: [TC1],
      blacklisted: true,
      blacklistings: [BLACKLISTING],
      recentRecords: [CREDIT],
    },
  ],
  [
    'OpeningResult',
    OpeningResult,
    {
      project: PROJECT,
      bids: [{ bidderCode: BIDDER_A, status: 'DISQUALIFIED', disqualificationReason: 'NOT_REVEALED', price: 0 }],
    },
  ],
];

describe('bid-record protocol records', () => {
  for (const [name, type, sample] of RECORDS) {
    it(`${name}: a record round-trips to the same canonical JSON, as an instance of its class`, () => {
      const record = parse(type, JSON.parse(JSON.stringify(sample)));
      expect(record).to.be.instanceOf(type);
      expect(canonicalJson(record)).to.equal(canonicalJson(sample));
    });

    it(`${name}: refuses an unknown member and a __proto__ member, naming them`, () => {
      expect(() => parse(type, { ...sample, note: 'x' })).to.throw(/^\$ has unknown field "note"$/);
      const polluted: unknown = JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(sample).slice(1)}`);
      expect(() => parse(type, polluted)).to.throw(/^\$ has unknown field "__proto__"$/);
      expect(({} as Record<string, unknown>).admin).to.equal(undefined);
    });
  }

  const refusals: [string, ClassConstructor<object>, unknown, RegExp][] = [
    ['a bid status outside its union', Bid, { ...BID, status: 'OPEN' }, /^\$\.status must be one of COMMITTED, /],
    ['a negative bid price', Bid, { ...BID, price: -1 }, /^\$\.price must be an integer from 0 to \d+$/],
    ['a malformed salt', Bid, { ...BID, salt: 'short' }, /^\$\.salt must have at least 32 characters$/],
    ['a missing commitment', Bid, { ...BID, commitment: undefined }, /^\$\.commitment is required$/],
    [
      'a time that is no calendar time',
      Bid,
      { ...BID, committedAt: '2025-02-30T00:00:00Z' },
      /^\$\.committedAt is not a real calendar time$/,
    ],
    [
      'a bad nested ranking score, with its path',
      TenderProject,
      { ...PROJECT, ranking: [{ ...PROJECT.ranking[0], score: 101 }] },
      /^\$\.ranking\[0\]\.score must be a number from 0 to 100$/,
    ],
    [
      'an unknown member of a nested objection, with its path',
      TenderProject,
      { ...PROJECT, objections: [{ ...PROJECT.objections[0], note: 'x' }] },
      /^\$\.objections\[0\] has unknown field "note"$/,
    ],
    [
      'a performance outcome outside its union',
      TenderProject,
      { ...PROJECT, performanceOutcome: 'LATE' },
      /^\$\.performanceOutcome must be one of FULFILLED, DEFAULTED$/,
    ],
    [
      'a department listed twice',
      TradingConfig,
      { ...CONFIG, tradingCentreMsps: [TC1, TC1] },
      /^\$\.tradingCentreMsps lists "TradingCenterMSP" twice$/,
    ],
    [
      'a reveal window below the floor',
      TradingConfig,
      { ...CONFIG, minRevealWindowSeconds: 59 },
      /^\$\.minRevealWindowSeconds must be an integer from 60 to 2592000$/,
    ],
    [
      'a nested blacklisting of a bad status in a profile',
      BidderProfile,
      { ...RECORDS[8]?.[2], blacklistings: [{ ...BLACKLISTING, status: 'GONE' }] },
      /^\$\.blacklistings\[0\]\.status must be one of ACTIVE, LIFTED$/,
    ],
  ];
  for (const [name, type, value, message] of refusals) {
    it(`refuses ${name}`, () => {
      expect(() => parse(type, value)).to.throw(message);
    });
  }

  it('reads a record written before a later-step member existed with that member empty', () => {
    const older: Record<string, unknown> = { ...BID };
    delete older.guaranteeId;
    delete older.salt;
    delete older.revealedAt;
    const bid = parse(Bid, older);
    expect(bid).to.include({ guaranteeId: '', salt: '', revealedAt: '' });
  });
});

describe('bid-record protocol inputs', () => {
  const PUBLISH = {
    projectId: 'P-1',
    title: 'Road works',
    tendererCode: BIDDER_B,
    tendererName: 'City roads office',
    category: 'CONSTRUCTION',
    budget: 5_000_000,
    documentFingerprint: HASH,
    bidDeadline: T0,
    openingTime: T0,
    evaluationMethod: 'COMPREHENSIVE_SCORE',
    minValidBids: 3,
  };

  it('checks the credit code of an input, its check character included (a stored record only its shape)', () => {
    const wrong = `${BIDDER_B.slice(0, 17)}${BIDDER_B.endsWith('0') ? '1' : '0'}`;
    expect(parse(PublishProjectInput, PUBLISH)).to.include({ tendererCode: BIDDER_B });
    expect(() => parse(PublishProjectInput, { ...PUBLISH, tendererCode: wrong })).to.throw(
      /^\$\.tendererCode has a wrong check character/,
    );
    expect(() => parse(PublishProjectInput, { ...PUBLISH, tendererCode: 'X' })).to.throw(
      /^\$\.tendererCode must be an 18-character unified social credit code/,
    );
  });

  it('takes scores of at most two decimals, from 0 to 100, and at least one', () => {
    const scores = (score: number): unknown => ({ reportFingerprint: HASH, scores: [{ bidderCode: BIDDER_A, score }] });
    expect(parse(RecordEvaluationInput, scores(99.25)).scores[0]?.score).to.equal(99.25);
    expect(() => parse(RecordEvaluationInput, scores(99.125))).to.throw(
      /^\$\.scores\[0\]\.score must be a number from 0 to 100 with at most two decimals$/,
    );
    expect(() => parse(RecordEvaluationInput, scores(100.5))).to.throw(/score must be a number from 0 to 100/);
    expect(() => parse(RecordEvaluationInput, { reportFingerprint: HASH, scores: [] })).to.throw(
      /^\$\.scores must have from 1 to 500 elements$/,
    );
  });

  it('reads a list of reveals, naming the index of a bad one', () => {
    const reveal = { bidderCode: BIDDER_A, price: 1, salt: SALT, bidDocumentFingerprint: FP };
    expect(parseRecords(OpeningReveal, [reveal], 'reveals', fail)).to.have.length(1);
    expect(() => parseRecords(OpeningReveal, [reveal, { ...reveal, price: 1.5 }], 'reveals', fail)).to.throw(
      /^reveals\[1\]\.price must be an integer from 1 to \d+$/,
    );
  });

  it('takes evidence without a description and refuses a media type in capitals', () => {
    const evidence = { step: 'BID_OPENING', fingerprint: FP, mediaType: 'video/mp4', size: 0, storageUri: 's3://b/k' };
    expect(parse(RecordEvidenceInput, evidence).description).to.equal(undefined);
    expect(() => parse(RecordEvidenceInput, { ...evidence, mediaType: 'Video/MP4' })).to.throw(
      /^\$\.mediaType must be a lower-case media type/,
    );
  });

  it('takes only the BIND_BIDDER_KEY action in a key binding', () => {
    const binding = { action: 'BIND_BIDDER_KEY', uscc: BIDDER_A, publicKey: '3059', keyVersion: 1 };
    expect(parse(BidderKeyBinding, binding)).to.be.instanceOf(BidderKeyBinding);
    expect(() => parse(BidderKeyBinding, { ...binding, action: 'COMMIT_BID' })).to.throw(
      /^\$\.action must be one of BIND_BIDDER_KEY$/,
    );
  });

  it('computes the commitment over the five values and the payload of each bid action', () => {
    const reveal = { projectId: 'P-1', bidderCode: BIDDER_A, price: 1, salt: SALT, bidDocumentFingerprint: FP };
    expect(bidCommitment(reveal)).to.match(/^[0-9a-f]{64}$/);
    expect(bidCommitment({ ...reveal, price: 2 })).to.not.equal(bidCommitment(reveal));
    const base = { projectId: 'P-1', bidderCode: BIDDER_A, submittingCentreMsp: TC2, sequence: 1, keyVersion: 1 };
    expect(bidActionPayload({ ...base, action: 'COMMIT_BID' })).to.deep.equal({
      ...base,
      action: 'COMMIT_BID',
      commitment: '',
      guaranteeId: '',
      licenceId: '',
    });
    expect(bidActionPayload({ ...base, action: 'REPLACE_BID', licenceId: 'BL-A' })).to.not.have.property('licenceId');
  });
});
