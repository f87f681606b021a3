/**
 * fabric-ca-client logs through fabric-common's winston logger, to the console by default, and every module
 * takes its logger when first loaded. Imported before fabric-ca-client (see identities.ts), this gives them a
 * silent one unless the application installed its own (`global.hfc.logger`): failures reach the caller as
 * thrown IdentityErrors, so the library writes nothing of its own to the console.
 */
const quiet = (): void => undefined;
const holder = globalThis as { hfc?: { logger?: unknown } };
holder.hfc ??= {};
holder.hfc.logger ??= { debug: quiet, info: quiet, warn: quiet, error: quiet };
