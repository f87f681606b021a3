import { E_LICENSE_ROUTES } from './e-license';
import type { Route } from './route';

/** Every chaincode route of the service. */
export const SERVICE_ROUTES: readonly Route[] = [...E_LICENSE_ROUTES];
