import {
  FP,
  OTHER,
  T0,
  TC1,
  TC2,
  after,
  configuredLedger,
  expect,
  expectRefused,
  ownedPolicyText,
  parse,
  publish,
} from './fixtures';
import { evidenceKey } from '@govchain/bid-record';
import { canonicalJson, describePolicy } from '@govchain/chaincode-common';

interface EvidenceRecord {
  evidenceId: string;
  projectId: string;
  step: string;
  fingerprint: string;
  mediaType: string;
  size: number;
  storageUri: string;
  description: string;
  recorderMsp: string;
  recordedAt: string;
  txId: string;
}

function evidenceJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    step: 'BID_OPENING',
    fingerprint: FP,
    mediaType: 'video/mp4',
    size: 734_003_200,
    storageUri: 's3://trading-centre-evidence/P-1/opening.mp4',
    ...overrides,
  });
}

describe('bid-record witness evidence', () => {
  it('any department records evidence; a change needs it and one other department; the project lists it in order', async () => {
    const ledger = await configuredLedger();
    await publish(ledger);
    const { ctx, contract } = ledger;
    const first = parse<EvidenceRecord>(
      await ctx.submit(
        () => contract.RecordEvidence(ctx, 'P-1', evidenceJson({ step: 'PUBLICATION', description: 'notice' })),
        {
          mspId: TC1,
          time: after(T0, 1000),
        },
      ),
    );
    expect(first).to.deep.equal({
      evidenceId: ctx.txId,
      projectId: 'P-1',
      step: 'PUBLICATION',
      fingerprint: FP,
      mediaType: 'video/mp4',
      size: 734_003_200,
      storageUri: 's3://trading-centre-evidence/P-1/opening.mp4',
      description: 'notice',
      recorderMsp: TC1,
      recordedAt: after(T0, 1000),
      txId: ctx.txId,
    });
    const key = evidenceKey(ctx, 'P-1', first.recordedAt, first.txId);
    expect(ctx.world.text(key)).to.equal(canonicalJson(first));
    expect(describePolicy(ctx.world.validationParameters.get(key)!)).to.equal(ownedPolicyText(TC1));
    expect(ctx.lastEvent()?.name).to.equal('EvidenceRecorded');
    await ctx.submit(() => contract.RecordEvidence(ctx, 'P-1', evidenceJson({ mediaType: 'application/pdf' })), {
      mspId: OTHER,
      time: after(T0, 3000),
    });
    await ctx.submit(() => contract.RecordEvidence(ctx, 'P-1', evidenceJson({ step: 'BID_SUBMISSION' })), {
      mspId: TC2,
      time: after(T0, 2000),
    });
    const page = parse<{ records: EvidenceRecord[] }>(
      await ctx.evaluate(() => contract.ListEvidence(ctx, 'P-1', '', '')),
    );
    expect(page.records.map((e) => `${e.step}:${e.recorderMsp}`)).to.deep.equal([
      `PUBLICATION:${TC1}`,
      `BID_SUBMISSION:${TC2}`,
      `BID_OPENING:${OTHER}`,
    ]);
  });

  const refusals: [string, string, string, string, RegExp][] = [
    [
      'a caller outside the departments',
      'StrangerMSP',
      'P-1',
      evidenceJson(),
      /^FORBIDDEN: StrangerMSP may not record witness evidence \(not a department of bid-record\)$/,
    ],
    [
      'an unknown step',
      TC1,
      'P-1',
      evidenceJson({ step: 'PARTY' }),
      /^INVALID_ARGUMENT: evidence.step must be one of PUBLICATION, /,
    ],
    [
      'a malformed media type',
      TC1,
      'P-1',
      evidenceJson({ mediaType: 'Video MP4' }),
      /^INVALID_ARGUMENT: evidence.mediaType must be a lower-case media type/,
    ],
    [
      'a storage URI with whitespace',
      TC1,
      'P-1',
      evidenceJson({ storageUri: 's3://a b' }),
      /^INVALID_ARGUMENT: evidence.storageUri must be a URI without whitespace/,
    ],
    ['a negative size', TC1, 'P-1', evidenceJson({ size: -1 }), /^INVALID_ARGUMENT: evidence.size must be an integer/],
    [
      'a missing fingerprint',
      TC1,
      'P-1',
      evidenceJson({ fingerprint: undefined }),
      /^INVALID_ARGUMENT: evidence.fingerprint is required$/,
    ],
    ['an unknown project', TC1, 'P-9', evidenceJson(), /^NOT_FOUND: project P-9 does not exist$/],
  ];
  for (const [name, msp, projectId, json, message] of refusals) {
    it(`refuses ${name}`, async () => {
      const ledger = await configuredLedger();
      await publish(ledger);
      await expectRefused(
        ledger,
        ledger.ctx.submit(() => ledger.contract.RecordEvidence(ledger.ctx, projectId, json), { mspId: msp }),
        message,
      );
    });
  }
});
