import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PrismaService } from '@mosaic/platform-database';
import { PlatformModule } from '@mosaic/platform-http';
import type { Extraction, ExtractionResult } from '@mosaic/records';
import { captureLogs } from '@mosaic/platform-testing';
import { AuditRepository } from '../audit/audit.repository';
import { loadRecordsConfig } from '../config/records.config';
import { DocumentsRepository, sealContext } from '../documents/documents.repository';
import { RecordCipher } from '../encryption/record-cipher';
import { DocumentExtractionService } from './document-extraction.service';
import { ExtractionService } from './extraction.service';
import { ModelUnavailableError, RecordsModel } from './records-model.service';

const TEXT = '姓名：张伟 性别：男 年龄：45岁\n诊断：2型糖尿病';

const good: Extraction = {
  language: 'zh',
  patient: { name: '张伟', age: { value: 45, unit: 'year' }, sex: 'male', evidence: { name: { span: [3, 5], confidence: 0.99 }, age: null, sex: null } },
  diagnoses: [{ text: '2型糖尿病', negated: false, subject: 'patient', certainty: 'confirmed', code: { system: 'ICD-10', value: 'E11.9' }, span: [20, 25], confidence: 0.97 }],
  medications: [],
  advice: [],
  modelVersion: 'records-ner-moe@test',
};

/** Stands in for the model: answers whatever the test sets, and counts the calls. */
class ScriptedModel {
  next: () => Extraction = () => good;
  calls = 0;
  readonly modelVersion = 'records-ner-moe@test';

  async extract(): Promise<ExtractionResult> {
    this.calls += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { extraction: this.next(), entities: [], experts: null };
  }
}

describe('DocumentExtractionService against PostgreSQL', () => {
  let app: INestApplicationContext;
  let service: DocumentExtractionService;
  let documents: DocumentsRepository;
  let cipher: RecordCipher;
  let prisma: PrismaService;
  const model = new ScriptedModel();
  const tenantId = `ext-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const config = loadRecordsConfig({ ...process.env });
    const { logger } = captureLogs('records-extraction-test');

    @Module({
      imports: [PlatformModule.forRoot({ service: 'records-extraction-test', config, logger, queues: ['records-extraction', 'records-callbacks'] })],
      providers: [RecordCipher, DocumentsRepository, AuditRepository, ExtractionService, DocumentExtractionService, { provide: RecordsModel, useValue: model }],
    })
    class ExtractionTestModule {}

    app = await NestFactory.createApplicationContext(ExtractionTestModule, { logger: false });
    service = app.get(DocumentExtractionService);
    documents = app.get(DocumentsRepository);
    cipher = app.get(RecordCipher);
    prisma = app.get(PrismaService);
  });
  afterAll(async () => app?.close());

  async function stored(): Promise<string> {
    const id = randomUUID();
    await documents.create({
      id,
      tenantId,
      source: 'json',
      mediaType: 'application/json',
      bytes: Buffer.byteLength(TEXT),
      characters: TEXT.length,
      keyId: cipher.activeKeyId,
      textCipher: cipher.seal(TEXT, sealContext.text(id)),
      externalIdCipher: null,
      callbackUrl: null,
    });
    return id;
  }

  const first = { attempt: 1, maxAttempts: 5 };

  it('stores a valid extraction once, however many times the job runs, even at the same time', async () => {
    model.next = () => good;
    const id = await stored();
    await Promise.all([service.process(id, first), service.process(id, first), service.process(id, first)]);
    await service.process(id, { attempt: 2, maxAttempts: 5 });
    expect(await prisma.recordExtraction.count({ where: { documentId: id } })).toBe(1);
    const document = await prisma.recordDocument.findUniqueOrThrow({ where: { id }, include: { extraction: true } });
    expect(document.status).toBe('completed');
    expect(cipher.openJson(document.extraction?.payloadCipher ?? Buffer.alloc(0), sealContext.extraction(id))).toMatchObject({ patient: { name: '张伟' } });
  });

  it('audits the worker\'s read of the text once per attempt that opens it, and none for a finished document', async () => {
    model.next = () => good;
    const id = await stored();
    const before = Date.now();
    await service.process(id, first);
    await service.process(id, { attempt: 2, maxAttempts: 5 });
    const events = await prisma.recordAuditEvent.findMany({ where: { tenantId, documentId: id } });
    expect(events.map((e) => `${e.action}:${e.actor}`)).toEqual(['document.process:system:records-worker']);
    const document = await prisma.recordDocument.findUniqueOrThrow({ where: { id }, include: { extraction: true } });
    expect(document).toMatchObject({ status: 'completed', attempts: 1, error: null, callbackStatus: null });
    // Written in UTC as Prisma writes DateTime columns: read back through Prisma, it is the moment it happened.
    expect(document.completedAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(document.completedAt?.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(document.extraction).toMatchObject({ tenantId, keyId: cipher.activeKeyId, modelVersion: 'records-ner-moe@test' });
  });

  it('reads a document that does not exist as nothing to do', async () => {
    const calls = model.calls;
    await service.process(randomUUID(), first);
    expect(model.calls).toBe(calls);
  });

  it.each([
    ['a confidence above 1', () => ({ ...good, diagnoses: [{ ...good.diagnoses[0], confidence: 1.5 }] }) as Extraction, 'diagnoses.0.confidence'],
    ['a span past the end of the text', () => ({ ...good, diagnoses: [{ ...good.diagnoses[0], span: [20, 999] }] }) as Extraction, 'diagnoses.0.span'],
    ['an empty diagnosis text', () => ({ ...good, diagnoses: [{ ...good.diagnoses[0], text: '' }] }) as Extraction, 'diagnoses.0.text'],
    ['an unknown sex', () => ({ ...good, patient: { ...good.patient, sex: 'x' } }) as unknown as Extraction, 'patient.sex'],
  ])('stores an extraction with %s as failed with the reason, and keeps nothing of it', async (_name, bad, path) => {
    model.next = bad;
    const id = await stored();
    await service.process(id, first);
    const document = await prisma.recordDocument.findUniqueOrThrow({ where: { id } });
    expect(document.status).toBe('failed');
    expect(document.error).toContain('failed validation');
    expect(document.error).toContain(path);
    expect(await prisma.recordExtraction.count({ where: { documentId: id } })).toBe(0);
  });

  it('lets the queue retry a model failure, and fails the document on the last attempt instead of leaving it processing', async () => {
    model.next = () => {
      throw new ModelUnavailableError('the model could not answer');
    };
    const id = await stored();
    await expect(service.process(id, first)).rejects.toBeInstanceOf(ModelUnavailableError);
    expect((await prisma.recordDocument.findUniqueOrThrow({ where: { id } })).status).toBe('processing');
    await service.process(id, { attempt: 5, maxAttempts: 5 });
    const document = await prisma.recordDocument.findUniqueOrThrow({ where: { id } });
    expect(document).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringContaining('repeated attempts') });
  });
});
