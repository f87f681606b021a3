import type { Context } from 'fabric-contract-api';
import {
  argumentRecord,
  emitEvent,
  optionalRequest,
  priorResult,
  readJson,
  rememberRequest,
  txTimeIso,
  writeJson,
  storedRecord,
} from '@govchain/chaincode-common';
import { ownedPolicy, requireDepartment } from './config-service';
import { evidenceKey } from './keys';
import { Evidence, RecordEvidenceInput, type TradingConfig } from '@govchain/protocol/bid-record';
import { requireId, requireProject } from './project-service';

/**
 * RecordEvidence: any department records witness evidence of a step of a
 * project. Evidence is never changed; its key-level policy needs the
 * recording department and one other department, so the recorder alone
 * cannot change or delete it either. With a transient `requestId`, a retry
 * with the same arguments returns the first evidence and writes nothing; other
 * arguments under the same requestId are refused with CONFLICT.
 *
 * @param ctx - transaction context
 * @param config - the configuration
 * @param projectId - project id
 * @param evidenceJson - `{ step, fingerprint, mediaType, size, storageUri, description? }`
 * @returns the evidence
 */
export async function recordEvidence(
  ctx: Context,
  config: TradingConfig,
  projectId: string,
  evidenceJson: string,
): Promise<Evidence> {
  requireId(projectId, 'projectId');
  const input = argumentRecord(RecordEvidenceInput, evidenceJson, 'evidence');
  const evidence = Object.assign(new Evidence(), input, { projectId, description: input.description ?? '' });
  evidence.recorderMsp = requireDepartment(ctx, config, 'record witness evidence');
  const request = optionalRequest(ctx, 'RecordEvidence');
  const first = await priorResult(
    ctx,
    request,
    evidenceContent(evidence),
    (key) => readJson(ctx, key, storedRecord(Evidence, 'evidence'), 'evidence'),
    evidenceContent,
  );
  if (first !== undefined) {
    return first;
  }
  await requireProject(ctx, projectId);
  evidence.recordedAt = txTimeIso(ctx);
  evidence.txId = ctx.stub.getTxID();
  evidence.evidenceId = evidence.txId;
  const key = evidenceKey(ctx, projectId, evidence.recordedAt, evidence.txId);
  await writeJson(ctx, key, evidence);
  const policy = ownedPolicy(config, evidence.recorderMsp);
  await ctx.stub.setStateValidationParameter(key, policy);
  await rememberRequest(ctx, request, key, policy);
  emitEvent(ctx, 'EvidenceRecorded', {
    projectId,
    evidenceId: evidence.evidenceId,
    step: evidence.step,
    fingerprint: evidence.fingerprint,
    recorderMsp: evidence.recorderMsp,
    txId: evidence.txId,
  });
  return evidence;
}

/** What a retried RecordEvidence must repeat to be the same request. */
function evidenceContent(evidence: Evidence): Record<string, string | number> {
  return {
    projectId: evidence.projectId,
    step: evidence.step,
    fingerprint: evidence.fingerprint,
    mediaType: evidence.mediaType,
    size: evidence.size,
    storageUri: evidence.storageUri,
    description: evidence.description,
  };
}
