import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@mosaic/platform-config';
import type { RecordsConfig } from '../config/records.config';
import type { PdfFailure, PdfTextRequest, PdfTextResponse } from './pdf-text.protocol';

export type PdfUnreadableReason = PdfFailure | 'timeout' | 'too-complex';

const MESSAGES: Record<PdfUnreadableReason, string> = {
  password: 'the PDF is encrypted with a password; upload it without protection',
  malformed: 'the file is damaged or not a valid PDF',
  timeout: 'reading the PDF took too long; upload its text instead',
  'too-complex': 'the PDF needs more memory to read than a document may take',
};

export class PdfUnreadableError extends Error {
  override name = 'PdfUnreadableError';

  constructor(readonly reason: PdfUnreadableReason) {
    super(MESSAGES[reason]);
  }
}

interface Pending {
  resolve: (result: { text: string; pages: number }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const WORKER_ENTRY = join(__dirname, `pdf-text.worker${extname(__filename)}`);

/** Memory one PDF may take while its text is read; a PDF bomb exhausts this, not the process. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 48 };

/**
 * Reads PDF text layers in one worker thread, one PDF at a time, each with a deadline. A PDF that
 * runs past it or exhausts the thread's memory is refused and the thread replaced.
 */
@Injectable()
export class PdfTextReader implements OnApplicationShutdown {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: Pick<RecordsConfig, 'RECORDS_PDF_TIMEOUT_MS'>) {
    this.timeoutMs = config.RECORDS_PDF_TIMEOUT_MS;
  }

  /** The text layer, pages joined by a blank line; empty for a scanned PDF. */
  read(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
    const turn = this.queue.then(() => this.readNow(bytes));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private readNow(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PdfUnreadableError('timeout'));
        void this.discard(worker);
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const copy = Uint8Array.from(bytes);
      worker.postMessage({ id, bytes: copy } satisfies PdfTextRequest, [copy.buffer]);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = WORKER_ENTRY.endsWith('.ts')
      ? // Under jest or `node -r @swc-node/register` the app is TypeScript source: compile the worker the same way.
        new Worker(`require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(WORKER_ENTRY)});`, {
          eval: true,
          resourceLimits: RESOURCE_LIMITS,
        })
      : new Worker(WORKER_ENTRY, { resourceLimits: RESOURCE_LIMITS });
    worker.unref();
    worker.on('message', (response: PdfTextResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      clearTimeout(pending.timer);
      if (response.ok) pending.resolve({ text: response.text, pages: response.pages });
      else pending.reject(new PdfUnreadableError(response.failure));
    });
    const fail = () => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, pending] of this.pending) {
        clearTimeout(pending.timer);
        pending.reject(new PdfUnreadableError('too-complex'));
        this.pending.delete(id);
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }

  private async discard(worker: Worker): Promise<void> {
    if (this.worker === worker) this.worker = undefined;
    await worker.terminate();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker) await this.discard(this.worker);
  }
}
