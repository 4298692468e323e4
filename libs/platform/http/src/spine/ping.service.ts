import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { QueueProducer, type QueueName } from '@mosaic/platform-messaging';
import { PingRepository } from './ping.repository';
import type { CreatePing, PingView } from './ping.schemas';
import { PLATFORM_SERVICE } from '../platform.tokens';
import type { Ping } from '@mosaic/platform-database';

export const SPINE_QUEUE = Symbol('SPINE_QUEUE');
type SpineQueue = Extract<QueueName, `${string}-spine`>;

function view(ping: Ping): PingView {
  return {
    pingId: ping.id,
    status: ping.status as PingView['status'],
    result: ping.result,
    createdAt: ping.createdAt.toISOString(),
    completedAt: ping.completedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class PingService {
  constructor(
    private readonly pings: PingRepository,
    private readonly queues: QueueProducer,
    @Inject(SPINE_QUEUE) private readonly queue: SpineQueue,
    @Inject(PLATFORM_SERVICE) private readonly service: string,
  ) {}

  /** Writes the ping, then queues it; if the queue is down the row is marked failed and the caller gets 503. */
  async create(tenantId: string, input: CreatePing): Promise<PingView> {
    const ping = await this.pings.create({ tenantId, service: this.service, ...input });
    try {
      await this.queues.enqueue(this.queue, 'ping', { pingId: ping.id, tenantId }, { jobId: ping.id });
    } catch (error) {
      await this.pings.markFailed(ping.id);
      throw error;
    }
    return view(ping);
  }

  async get(tenantId: string, id: string): Promise<PingView> {
    const ping = /^[0-9a-f-]{36}$/i.test(id) ? await this.pings.findForTenant(id, tenantId) : null;
    if (!ping) throw new NotFoundException(`no ping ${id}`);
    return view(ping);
  }

  /** The worker's side: echo the message `repeat` times. */
  async process(pingId: string): Promise<void> {
    const ping = await this.pings.findById(pingId);
    if (!ping) return;
    await this.pings.complete(ping.id, Array.from({ length: ping.repeat }, () => ping.message).join(' '));
  }
}
