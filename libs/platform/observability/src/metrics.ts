import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process. Libraries that keep their own registry (the inference
 * library) are merged in at scrape time through `addRegistry`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly extraRegistries: Registry[] = [];
  private readonly collectors: (() => Promise<void> | void)[] = [];

  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Counter<L>;
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<L>;
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** Runs before every scrape, to refresh gauges that are read rather than pushed (queue depths). */
  onScrape(collector: () => Promise<void> | void): void {
    this.collectors.push(collector);
  }

  addRegistry(registry: Registry): void {
    this.extraRegistries.push(registry);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    await Promise.all(this.collectors.map(async (collect) => collect()));
    const own = await this.registry.metrics();
    const others = await Promise.all(this.extraRegistries.map((r) => r.metrics()));
    return [own, ...others].join('\n');
  }
}
