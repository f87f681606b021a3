import type { Context } from 'fabric-contract-api';
import {
  JsonObject,
  SHA256_HEX_RULE,
  emitEvent,
  optionalRequest,
  priorResult,
  readJson,
  rememberRequest,
  txTimeIso,
  writeJson,
} from '@govchain/chaincode-common';
import { ownedPolicy, requireDepartment } from './config-service';
import { evidenceKey } from './keys';
import {
  DESCRIPTION_RULE,
  EVIDENCE_STEPS,
  Evidence,
  MAX_AMOUNT,
  MEDIA_TYPE_RULE,
  STORAGE_URI_RULE,
  type TradingConfig,
  oneOf,
} from './models';
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
  const input = JsonObject.parse(evidenceJson, 'evidence').allowOnly([
    'step',
    'fingerprint',
    'mediaType',
    'size',
    'storageUri',
    'description',
  ]);
  const evidence = new Evidence();
  evidence.projectId = projectId;
  evidence.step = input.string('step', oneOf(EVIDENCE_STEPS));
  evidence.fingerprint = input.string('fingerprint', SHA256_HEX_RULE);
  evidence.mediaType = input.string('mediaType', MEDIA_TYPE_RULE);
  evidence.size = input.integer('size', 0, MAX_AMOUNT);
  evidence.storageUri = input.string('storageUri', STORAGE_URI_RULE);
  evidence.description = input.optionalString('description', DESCRIPTION_RULE) ?? '';
  evidence.recorderMsp = requireDepartment(ctx, config, 'record witness evidence');
  const request = optionalRequest(ctx, 'RecordEvidence');
  const first = await priorResult(
    ctx,
    request,
    evidenceContent(evidence),
    (key) => readJson(ctx, key, (value) => Evidence.from(value), 'evidence'),
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
