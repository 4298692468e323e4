import { Inject, Injectable } from '@nestjs/common';
import type { JobHandlers, QueueName, QueueProcessor } from '@mosaic/platform-messaging';
import { PingService, SPINE_QUEUE } from './ping.service';

type SpineQueue = Extract<QueueName, `${string}-spine`>;

@Injectable()
export class PingProcessor implements QueueProcessor<SpineQueue> {
  readonly handlers: JobHandlers<SpineQueue>;

  constructor(
    private readonly pings: PingService,
    @Inject(SPINE_QUEUE) readonly queue: SpineQueue,
  ) {
    this.handlers = { ping: async ({ pingId }) => this.pings.process(pingId) };
  }
}
