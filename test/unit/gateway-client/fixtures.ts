/**
 * Shared fixtures for the gateway-client unit tests: credentials, temporary profile directories, and
 * fabric-gateway errors built the way fabric-gateway builds them from a gRPC failure.
 */
import { Metadata, type ServiceError, type status as GrpcStatus, status as GrpcCode } from '@grpc/grpc-js';
import {
  CommitStatusError,
  type Contract,
  EndorseError,
  GatewayError,
  type GrpcClient,
  type ProposalOptions,
} from '@hyperledger/fabric-gateway';
import type { GovchainConnection } from '@govchain/gateway-client';
import { runCli } from '@govchain/gateway-client/dist/cli/program';
import { SubmitError as FabricSubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import { newGatewayError } from '@hyperledger/fabric-gateway/dist/gatewayerror';
import { common, gateway, google, msp, peer } from '@hyperledger/fabric-protos';
import { RESPONSE_KEY_FIELD, canonicalJson, responseLabel, sealResponse } from '@govchain/chaincode-common';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A P-256 private key (PKCS#8 PEM), for signing in tests. */
export const KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyYdQe5IPGQTGnnA2
5wIDWbIZ5WwI+WBNhCuHfb2c6VahRANCAAT+OE68urV/hMSC90pJfkngkdeJim9J
9R+F8OxGU2uucETcT606HgCIFK0KB4OJh9sRYSgh5yezMYAgRVQU5ilD
-----END PRIVATE KEY-----
`;

/** A self-signed certificate for {@link KEY_PEM}; used as identity certificate and as TLS CA. */
export const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBrjCCAVWgAwIBAgIUSZSyW6Im1noEzzD4j6vkA/ZkofQwCgYIKoZIzj0EAwIw
LDEcMBoGA1UEAwwTcGVlcjAudGF4Lmdvdi5sb2NhbDEMMAoGA1UECgwDVGF4MCAX
DTI2MTEyMDIyMDIwMVoYDzIxMjYxMDI3MjIwMjAxWjAsMRwwGgYDVQQDDBNwZWVy
MC50YXguZ292LmxvY2FsMQwwCgYDVQQKDANUYXgwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAT+OE68urV/hMSC90pJfkngkdeJim9J9R+F8OxGU2uucETcT606HgCI
FK0KB4OJh9sRYSgh5yezMYAgRVQU5ilDo1MwUTAdBgNVHQ4EFgQUO3IJd8U4riD5
HsyyZei8Q7/fQWUwHwYDVR0jBBgwFoAUO3IJd8U4riD5HsyyZei8Q7/fQWUwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBweYClFg3psm2Ec89/vQgK
oLobnuPPxduQysjqq4nqEgIgQaMbC1MZVXoA2t7AybJJfdXbIr0MBU9svTjbZ8/1
G+M=
-----END CERTIFICATE-----
`;

/** A temporary directory removed by `cleanup()`. */
export interface TempDir {
  readonly path: string;
  cleanup(): void;
}

/**
 * @returns a fresh temporary directory.
 */
export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'govchain-gc-'));
  return {
    path,
    cleanup: () => {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** What to put in a generated profile. */
export interface ProfileSpec {
  readonly department: string;
  readonly mspId: string;
  readonly endpoint?: string;
  readonly name?: string;
  /** Leave the user key file out. */
  readonly withoutUserKey?: boolean;
}

/**
 * Writes a profiles directory with one profile (and real credential files) per spec.
 *
 * @param root - directory to write into.
 * @param specs - the departments.
 * @returns the profiles directory.
 */
export function writeProfiles(root: string, specs: readonly ProfileSpec[]): string {
  const profilesDir = join(root, 'profiles');
  mkdirSync(profilesDir, { recursive: true });
  for (const spec of specs) {
    const crypto = join(root, 'crypto', spec.department);
    mkdirSync(crypto, { recursive: true });
    writeFileSync(join(crypto, 'tlsca.pem'), CERT_PEM);
    for (const role of ['admin', 'user']) {
      writeFileSync(join(crypto, `${role}-cert.pem`), CERT_PEM);
      if (!(role === 'user' && spec.withoutUserKey === true)) {
        writeFileSync(join(crypto, `${role}-priv_sk`), KEY_PEM);
      }
    }
    const profile = {
      department: spec.department,
      name: spec.name ?? `${spec.department} department`,
      mspId: spec.mspId,
      channel: 'govchannel',
      peer: {
        endpoint: spec.endpoint ?? '127.0.0.1:7110',
        hostAlias: `peer0.${spec.department}.gov.local`,
        tlsCACertPath: join(crypto, 'tlsca.pem'),
      },
      identities: {
        admin: { certPath: join(crypto, 'admin-cert.pem'), keyPath: join(crypto, 'admin-priv_sk') },
        user: { certPath: join(crypto, 'user-cert.pem'), keyPath: join(crypto, 'user-priv_sk') },
      },
      chaincodes: { 'e-license': 'e-license', 'real-estate': 'real-estate', 'bid-record': 'bid-record' },
    };
    writeFileSync(join(profilesDir, `${spec.department}.json`), JSON.stringify(profile, null, 2));
  }
  return profilesDir;
}

/** A peer's error detail as the gateway attaches it. */
export interface DetailSpec {
  readonly address: string;
  readonly mspId: string;
  readonly message: string;
}

/**
 * Builds a gRPC ServiceError the way grpc-js delivers a failed Fabric gateway call: status code, message
 * `"<code> <NAME>: <details>"`, and the per-peer details packed into `grpc-status-details-bin`.
 *
 * @param code - gRPC status code.
 * @param name - gRPC status name (e.g. `ABORTED`).
 * @param text - the gateway's message.
 * @param details - per-peer details.
 * @returns the ServiceError.
 */
export function serviceError(
  code: GrpcStatus,
  name: string,
  text: string,
  details: readonly DetailSpec[],
): ServiceError {
  const status = new google.rpc.Status();
  status.setCode(code);
  status.setMessage(text);
  for (const d of details) {
    const detail = new gateway.ErrorDetail();
    detail.setAddress(d.address);
    detail.setMspId(d.mspId);
    detail.setMessage(d.message);
    const any = status.addDetails();
    any.setTypeUrl('type.googleapis.com/gateway.ErrorDetail');
    any.setValue(detail.serializeBinary());
  }
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return Object.assign(new Error(`${String(code)} ${name}: ${text}`), { code, details: text, metadata });
}

/**
 * @returns an EndorseError as fabric-gateway throws it for a failed endorsement.
 */
export function endorseError(
  code: GrpcStatus,
  name: string,
  text: string,
  details: readonly DetailSpec[],
  transactionId = 'tx-endorse-1',
): EndorseError {
  return new EndorseError(Object.assign(newGatewayError(serviceError(code, name, text, details)), { transactionId }));
}

/**
 * @returns a GatewayError as fabric-gateway throws it for a failed evaluation.
 */
export function evaluateError(
  code: GrpcStatus,
  name: string,
  text: string,
  details: readonly DetailSpec[],
): GatewayError {
  return newGatewayError(serviceError(code, name, text, details));
}

/**
 * @returns a SubmitError as fabric-gateway throws it for a failed submission to the orderer.
 */
export function submitError(
  code: GrpcStatus,
  name: string,
  text: string,
  transactionId = 'tx-submit-1',
): FabricSubmitError {
  return new FabricSubmitError(Object.assign(newGatewayError(serviceError(code, name, text, [])), { transactionId }));
}

/**
 * @returns a CommitStatusError as fabric-gateway throws it when asking for a commit status fails.
 */
export function commitStatusError(
  code: GrpcStatus,
  name: string,
  text: string,
  transactionId: string,
): CommitStatusError {
  return new CommitStatusError(Object.assign(newGatewayError(serviceError(code, name, text, [])), { transactionId }));
}

/** One call the client made through the contract. */
export interface Call {
  readonly kind: 'submit' | 'evaluate';
  readonly name: string;
  readonly options: ProposalOptions;
}

export type Response = unknown;

/** What a response function of {@link fakeConnection} is given: the call, and its transaction id if any. */
export interface CallContext {
  readonly options: ProposalOptions;
  readonly transactionId?: string;
}

/**
 * A response of {@link fakeConnection} as a chaincode's sealed read answers: `value` as canonical JSON,
 * sealed (chaincode-common's {@link sealResponse}) to the key the call sent in transient `responseKey`,
 * labelled with the chaincode, the function and the proposal's transaction id. Without a key it fails as the
 * chaincode does.
 *
 * @param chaincode - the chaincode's name in the label
 * @param fn - the function
 * @param value - the plaintext answer
 * @returns the response function
 */
export function sealedAnswer(chaincode: string, fn: string, value: unknown): (call: CallContext) => unknown {
  return (call) => {
    const key = call.options.transientData?.[RESPONSE_KEY_FIELD];
    if (key === undefined || call.transactionId === undefined) {
      return endorseError(GrpcCode.UNKNOWN, 'UNKNOWN', 'evaluate call to endorser returned error', [
        {
          address: 'peer0:7110',
          mspId: 'TaxMSP',
          message: `chaincode response 500, INVALID_ARGUMENT: transient field ${RESPONSE_KEY_FIELD} is required`,
        },
      ]);
    }
    const keyBytes = Buffer.from(new TextDecoder().decode(key as Uint8Array), 'base64');
    const label = responseLabel(chaincode, fn, call.transactionId);
    return canonicalJson(sealResponse(keyBytes, label, canonicalJson(value)));
  };
}

/**
 * A connection whose contract answers each transaction name with a canned result (encoded as JSON) or
 * rejects with a given error, and records every call in order. A function as answer is called with the
 * {@link CallContext} (e.g. {@link sealedAnswer}).
 */
export function fakeConnection(
  mspId: string,
  responses: Readonly<Record<string, Response>>,
): { connection: GovchainConnection; calls: Call[]; chaincodes: string[] } {
  const calls: Call[] = [];
  const chaincodes: string[] = [];
  const respond = (name: string, call: CallContext): Uint8Array => {
    if (!(name in responses)) {
      throw new Error(`unexpected transaction ${name}`);
    }
    const given = responses[name];
    const response: unknown = typeof given === 'function' ? (given as (c: CallContext) => unknown)(call) : given;
    if (response instanceof Error) {
      throw response;
    }
    return new TextEncoder().encode(typeof response === 'string' ? response : JSON.stringify(response));
  };
  let n = 0;
  const contract = {
    newProposal(name: string, options: ProposalOptions) {
      const transactionId = `tx-${++n}`;
      return {
        getTransactionId: () => transactionId,
        endorse: () => {
          calls.push({ kind: 'submit', name, options });
          const result = respond(name, { options, transactionId });
          const commit = {
            getTransactionId: () => transactionId,
            getStatus: () => Promise.resolve({ transactionId, code: 0, successful: true, blockNumber: 42n }),
          };
          return Promise.resolve({
            getResult: () => result,
            getTransactionId: () => transactionId,
            submit: () => Promise.resolve(commit),
          });
        },
        evaluate: () => {
          calls.push({ kind: 'evaluate', name, options });
          return Promise.resolve().then(() => respond(name, { options, transactionId }));
        },
      };
    },
    evaluate(name: string, options: ProposalOptions) {
      calls.push({ kind: 'evaluate', name, options });
      return Promise.resolve().then(() => respond(name, { options }));
    },
  } as unknown as Contract;
  const connection = {
    mspId,
    department: 'test',
    getContract: (chaincode: string) => {
      chaincodes.push(chaincode);
      return contract;
    },
  } as unknown as GovchainConnection;
  return { connection, calls, chaincodes };
}

/** One request a {@link stubPeers} gateway received. */
export interface StubRequest {
  /** The gRPC method, e.g. `/gateway.Gateway/Evaluate`. */
  readonly method: string;
  /** For an evaluation: the organizations it targets. For a commit-status request: the transaction id. */
  readonly target: readonly string[];
  /** The signed request as fabric-gateway sent it. */
  readonly request: unknown;
}

/** One answer to a commit-status request. */
export type CommitStatusAnswer = { readonly code: number; readonly blockNumber: bigint } | Error;

/** What a {@link stubPeers} gateway answers. */
export interface StubPeersScript {
  /** The next height of each organization's peer, asked with qscc GetChainInfo (the last one repeats). */
  readonly heights?: Readonly<Record<string, readonly bigint[]>>;
  /** The application organizations (MSP ids) of the channel configuration, as cscc GetChannelConfig returns it. */
  readonly organizations?: readonly string[];
  /**
   * The answer to a commit-status request: a status code and block, or a gRPC error to fail with; a list
   * answers one request each, the last one repeating.
   */
  readonly commitStatus?: CommitStatusAnswer | readonly CommitStatusAnswer[];
}

/**
 * A fabric-gateway client over a stubbed gRPC boundary: a Gateway whose evaluations of qscc GetChainInfo
 * answer each targeted organization's scripted height, and whose commit-status requests answer the script.
 * Everything above the gRPC call (fabric-gateway's proposal building, signing, parsing) is the real code.
 *
 * @param script - heights and commit status.
 * @returns the gRPC client for `connect({ client, … })` and the requests it received.
 */
export function stubPeers(script: StubPeersScript): { client: GrpcClient; requests: StubRequest[] } {
  const requests: StubRequest[] = [];
  const asked = new Map<string, number>();
  const answer = (method: string, request: unknown): Uint8Array | Error => {
    if (method === '/gateway.Gateway/Evaluate') {
      const target = (request as gateway.EvaluateRequest).getTargetOrganizationsList();
      requests.push({ method, target, request });
      if (evaluatedChaincode(request as gateway.EvaluateRequest) === 'cscc') {
        return script.organizations === undefined
          ? serviceError(GrpcCode.PERMISSION_DENIED, 'PERMISSION_DENIED', 'access denied', [])
          : evaluated(channelConfig(script.organizations));
      }
      const mspId = target[0] ?? '';
      const heights = script.heights?.[mspId];
      if (heights === undefined || heights.length === 0) {
        return serviceError(GrpcCode.UNAVAILABLE, 'UNAVAILABLE', `no peers available to evaluate chaincode qscc`, []);
      }
      const n = asked.get(mspId) ?? 0;
      asked.set(mspId, n + 1);
      const info = new common.BlockchainInfo();
      info.setHeight(Number(heights[Math.min(n, heights.length - 1)]));
      return evaluated(info.serializeBinary());
    }
    if (method === '/gateway.Gateway/CommitStatus') {
      const signed = request as gateway.SignedCommitStatusRequest;
      const inner = gateway.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8());
      requests.push({ method, target: [inner.getTransactionId()], request });
      const answers = script.commitStatus;
      const commitStatusAsked = requests.filter((r) => r.method === method).length - 1;
      const status = Array.isArray(answers)
        ? (answers as readonly CommitStatusAnswer[])[Math.min(commitStatusAsked, answers.length - 1)]
        : (answers as CommitStatusAnswer | undefined);
      if (status === undefined || status instanceof Error) {
        return status ?? new Error('no commit status scripted');
      }
      const response = new gateway.CommitStatusResponse();
      response.setResult(status.code as Parameters<gateway.CommitStatusResponse['setResult']>[0]);
      response.setBlockNumber(Number(status.blockNumber));
      return response.serializeBinary();
    }
    return new Error(`unexpected gRPC call ${method}`);
  };
  const client = {
    makeUnaryRequest: (method: string, ...rest: unknown[]) => {
      const request = rest[2];
      const deserialize = rest[1] as (bytes: Uint8Array) => unknown;
      const callback = rest[rest.length - 1] as (err: Error | null, value?: unknown) => void;
      const outcome = answer(method, request);
      setImmediate(() => {
        if (outcome instanceof Error) {
          callback(outcome);
        } else {
          callback(null, deserialize(outcome));
        }
      });
      return {};
    },
  } as unknown as GrpcClient;
  return { client, requests };
}

/** The chaincode an evaluation the stub received calls. */
export function evaluatedChaincode(request: gateway.EvaluateRequest): string {
  const signed = request.getProposedTransaction();
  const proposal = peer.Proposal.deserializeBinary(signed?.getProposalBytes_asU8() ?? new Uint8Array());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  return (
    peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8())
      .getChaincodeSpec()
      ?.getChaincodeId()
      ?.getName() ?? ''
  );
}

function evaluated(payload: Uint8Array): Uint8Array {
  const result = new peer.Response();
  result.setStatus(200);
  result.setPayload(payload);
  const response = new gateway.EvaluateResponse();
  response.setResult(result);
  return response.serializeBinary();
}

/**
 * A channel configuration as cscc GetChannelConfig returns it: an Application group with one group per
 * organization, each with its MSP value.
 */
export function channelConfig(mspIds: readonly string[]): Uint8Array {
  const application = new common.ConfigGroup();
  for (const mspId of mspIds) {
    const fabricMsp = new msp.FabricMSPConfig();
    fabricMsp.setName(mspId);
    const mspConfig = new msp.MSPConfig();
    mspConfig.setConfig(fabricMsp.serializeBinary());
    const value = new common.ConfigValue();
    value.setValue(mspConfig.serializeBinary());
    const org = new common.ConfigGroup();
    org.getValuesMap().set('MSP', value);
    application.getGroupsMap().set(mspId.replace(/MSP$/, ''), org);
  }
  const channel = new common.ConfigGroup();
  channel.getGroupsMap().set('Application', application);
  channel.getGroupsMap().set('Orderer', new common.ConfigGroup());
  const config = new common.Config();
  config.setChannelGroup(channel);
  return config.serializeBinary();
}

/** What {@link govchainWithoutProfiles} saw: the exit code and standard error. */
export interface OfflineCliRun {
  readonly code: number;
  readonly stderr: string;
}

/**
 * Runs the CLI in-process as Tax against a profiles directory that does not exist: a command that got past its
 * argument checks would try to connect and exit 3 (profile), so exit 2 proves nothing was called.
 *
 * @param argv - the command line after the global options.
 * @returns the exit code and standard error.
 */
export async function govchainWithoutProfiles(argv: readonly string[]): Promise<OfflineCliRun> {
  let stderr = '';
  const code = await runCli(['--profiles', '/nonexistent/govchain-profiles', '--as', 'tax', ...argv], {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    env: {},
  });
  return { code, stderr };
}
