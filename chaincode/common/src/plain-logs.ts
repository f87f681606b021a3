/**
 * Log files without ANSI colour codes. fabric-shim logs through winston, whose colorize format (logform)
 * switches its colour library on when it loads, whatever the environment says (FORCE_COLOR=0 does not
 * help), so a chaincode server's log fills with escape codes. When NO_COLOR is set (the no-color.org
 * convention; the network scripts set it for every chaincode server), {@link honourNoColor} switches off
 * the very instance of @colors/colors that logform colours with — when this module loads, which is
 * before any contract class is defined (chaincode-common comes first in every contract's imports), so
 * the lines fabric-contract-api logs while it reads a contract's decorators are plain too.
 */
import { createRequire } from 'node:module';

/**
 * Switches fabric-shim's log colours off when NO_COLOR is set. Runs once, when this module loads;
 * logging only, nothing a transaction reads.
 *
 * @param env - the environment (default: this process's)
 * @returns true when colours were switched off
 */
export function honourNoColor(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR === undefined || env.NO_COLOR === '') return false;
  try {
    const fromWinston = createRequire(createRequire(require.resolve('fabric-shim')).resolve('winston'));
    const colorize = fromWinston.resolve('logform/colorize');
    fromWinston(colorize); // loading it switches colours on: let that happen first
    const colours = createRequire(colorize)('@colors/colors/safe') as { enabled: boolean };
    colours.enabled = false;
    return true;
  } catch {
    return false; // another fabric-shim layout: colours stay as they are
  }
}

honourNoColor();
