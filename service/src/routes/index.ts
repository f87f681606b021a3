import { BID_RECORD_ROUTES } from './bid-record';
import { E_LICENSE_ROUTES } from './e-license';
import { REAL_ESTATE_ROUTES } from './real-estate';
import type { Route } from './route';

/** Every chaincode route of the service. */
export const SERVICE_ROUTES: readonly Route[] = [...E_LICENSE_ROUTES, ...REAL_ESTATE_ROUTES, ...BID_RECORD_ROUTES];
