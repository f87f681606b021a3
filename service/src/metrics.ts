/**
 * Prometheus metrics of one service: requests by route and status, their duration, transactions by outcome,
 * idempotent replays, and the process's own (prom-client's defaults). Labels are route templates and codes,
 * never ids or personal data.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's metrics, in a registry of their own. */
export class ServiceMetrics {
  readonly #registry = new Registry();
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route'>;
  /** Writes by chaincode, transaction and outcome (`committed` or the problem's code). */
  readonly transactions: Counter<'chaincode' | 'transaction' | 'outcome'>;
  /** Writes answered from the idempotency store. */
  readonly replays: Counter;

  constructor() {
    collectDefaultMetrics({ register: this.#registry, prefix: 'govchain_service_' });
    this.#requests = new Counter({
      name: 'govchain_service_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.#registry],
    });
    this.#duration = new Histogram({
      name: 'govchain_service_request_duration_seconds',
      help: 'HTTP request duration by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.#registry],
    });
    this.transactions = new Counter({
      name: 'govchain_service_transactions_total',
      help: 'Writes by chaincode, transaction and outcome',
      labelNames: ['chaincode', 'transaction', 'outcome'],
      registers: [this.#registry],
    });
    this.replays = new Counter({
      name: 'govchain_service_idempotent_replays_total',
      help: 'Writes answered from the idempotency store without a transaction',
      registers: [this.#registry],
    });
  }

  /** Records one finished request. */
  observeRequest(method: string, route: string, status: number, elapsedMs: number): void {
    this.#requests.inc({ method, route, status: String(status) });
    this.#duration.observe({ method, route }, elapsedMs / 1000);
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  text(): Promise<string> {
    return this.#registry.metrics();
  }
}
