import type { Context } from 'fabric-contract-api';
import { ChaincodeError, ERROR_CODES, type ErrorCode } from './errors';
import { LIMITS } from './limits';

const decoder = new TextDecoder('utf-8', { fatal: true });
const CODE_IN_MESSAGE = new RegExp(`(${ERROR_CODES.join('|')}): ([\\s\\S]*)$`);

/**
 * Turns a refusal of a called chaincode into an error of the caller. A message
 * carrying a stable code keeps that code, so a client sees e.g.
 * `NOT_FOUND: e-license GetLicense: licence BL-1 does not exist`; anything
 * else is an unexpected failure without a code.
 *
 * @param chaincode - the called chaincode
 * @param fn - the called function
 * @param message - the callee's (or the peer's) message
 * @returns the error to throw
 */
export function calleeError(chaincode: string, fn: string, message: string): Error {
  const match = CODE_IN_MESSAGE.exec(message);
  const code = match?.[1] as ErrorCode | undefined;
  if (code !== undefined) {
    return new ChaincodeError(code, `${chaincode} ${fn}: ${match?.[2] ?? ''}`);
  }
  return new Error(`${chaincode} ${fn} failed: ${message}`);
}

/**
 * Calls a function of another chaincode on the same channel inside this
 * transaction (`ctx.stub.invokeChaincode`). The callee sees the same creator
 * and transient data; its reads and writes join this transaction and its
 * endorsement policy applies to its writes. Events the callee sets are dropped.
 *
 * @param ctx - transaction context
 * @param chaincode - chaincode name, e.g. `e-license`
 * @param fn - function name
 * @param args - string arguments
 * @returns the callee's result as UTF-8 text
 * @throws the callee's refusal with its stable code (see {@link calleeError})
 */
export async function invokeChaincodeText(
  ctx: Context,
  chaincode: string,
  fn: string,
  args: readonly string[],
): Promise<string> {
  let response: { status: number; message?: string; payload?: Uint8Array };
  try {
    response = await ctx.stub.invokeChaincode(chaincode, [fn, ...args], ctx.stub.getChannelID());
  } catch (err) {
    throw calleeError(chaincode, fn, err instanceof Error ? err.message : String(err));
  }
  if (response.status < 200 || response.status >= 400) {
    throw calleeError(chaincode, fn, response.message ?? `status ${response.status}`);
  }
  try {
    return decoder.decode(response.payload ?? new Uint8Array());
  } catch {
    throw new Error(`${chaincode} ${fn} returned a result that is not UTF-8 text`);
  }
}

/**
 * Calls another chaincode (see {@link invokeChaincodeText}) and checks its JSON result.
 *
 * @param ctx - transaction context
 * @param chaincode - chaincode name
 * @param fn - function name
 * @param args - string arguments
 * @param check - shape check from `unknown`
 * @returns the checked result
 * @throws the callee's refusal with its stable code; Error when the result is larger than
 * {@link LIMITS.storedValueBytes} or not JSON of the expected shape
 */
export async function invokeChaincodeJson<T>(
  ctx: Context,
  chaincode: string,
  fn: string,
  args: readonly string[],
  check: (value: unknown) => T,
): Promise<T> {
  const text = await invokeChaincodeText(ctx, chaincode, fn, args);
  if (text.length > LIMITS.storedValueBytes) {
    throw new Error(`${chaincode} ${fn} returned ${text.length} characters; the bound is ${LIMITS.storedValueBytes}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${chaincode} ${fn} returned a result that is not JSON`);
  }
  return check(parsed);
}
