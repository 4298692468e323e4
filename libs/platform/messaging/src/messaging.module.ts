import { type DynamicModule, Global, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { RedisService } from './redis.service';
import { QueueProducer } from './queue.producer';
import { WorkerHost, type QueueProcessor } from './worker.host';
import { MESSAGING_QUEUES, QUEUE_PROCESSORS } from './messaging.tokens';
import type { QueueName } from './queue-contracts';

@Module({})
export class MessagingModule {
  /** Redis and producers for the queues this process enqueues to. */
  static forRoot(options: { queues: readonly QueueName[] }): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [RedisService, QueueProducer, { provide: MESSAGING_QUEUES, useValue: options.queues }],
      exports: [RedisService, QueueProducer],
    };
  }

  /** Consumes queues in a worker process: `processors` are exported by the modules in `imports`. */
  static forWorker(options: { imports: ModuleMetadata['imports']; processors: Type<QueueProcessor>[] }): DynamicModule {
    return {
      module: WorkerMessagingModule,
      imports: options.imports,
      providers: [
        { provide: QUEUE_PROCESSORS, useFactory: (...processors: QueueProcessor[]) => processors, inject: options.processors },
        WorkerHost,
      ],
    };
  }
}

@Global()
@Module({})
class WorkerMessagingModule {}
