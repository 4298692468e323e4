import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrismaService } from '@mosaic/platform-database';
import { eventually, httpClient, startService, type ServiceHarness } from '@mosaic/platform-testing';
import type { RecordsConfig } from '../src/config/records.config';
import type { DocumentView } from '../src/documents/dto/document.dto';
import type { ExtractionView } from '../src/extraction/dto/extraction.dto';
import { chineseDischarge, englishOutpatient, mixedLanguages, noPatientInformation } from './fixtures/clinical-documents';
import { passwordPdf, scannedPdf, textPdf, truncatedPdf } from './fixtures/pdf-documents';
import { ownQueues, recordsService, uploadFile } from './records-service';

const UPLOAD_LIMIT = 256 * 1024;
const CALLBACK_SECRET = 'e2e-callback-secret-0123456789';

interface Received {
  body: string;
  signature: string;
}

/** A client system that receives callbacks: it answers 500 to the first one, then 200. */
async function callbackReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  let calls = 0;
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      calls += 1;
      received.push({ body, signature: String(request.headers['x-mosaic-signature'] ?? '') });
      response.statusCode = calls === 1 ? 500 : 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/records`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('records-api', () => {
  let harness: ServiceHarness<RecordsConfig>;
  let prisma: PrismaService;
  let writer: string;
  let reader: string;
  let reviewer: string;
  const tenant = `rec-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    harness = await startService(recordsService, {
      worker: true,
      env: {
        ...ownQueues('records'),
        RECORDS_UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
        RECORDS_CALLBACK_HOSTS: '127.0.0.1',
        RECORDS_CALLBACK_ALLOW_PRIVATE: 'true',
        RECORDS_CALLBACK_SECRET: CALLBACK_SECRET,
      },
    });
    prisma = harness.api.get(PrismaService);
    writer = await harness.keyFor(['records:write', 'records:read'], tenant);
    reader = await harness.keyFor(['records:read'], tenant);
    reviewer = await harness.keyFor(['records:review', 'records:read'], tenant);
  });
  afterAll(async () => harness?.close());

  async function settled(documentId: string): Promise<DocumentView> {
    return eventually(async () => {
      const response = await httpClient(harness.url, reader)<DocumentView>('GET', `/v1/documents/${documentId}`);
      return ['completed', 'failed'].includes(response.body.status) ? response.body : null;
    }, 30_000);
  }

  async function uploadText(text: string, extra: Record<string, string> = {}): Promise<string> {
    const response = await httpClient(harness.url, writer)('POST', '/v1/documents', { json: { text, ...extra } });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ documentId: expect.any(String), status: 'queued' });
    return String(response.body['documentId']);
  }

  const keyIdOf = async (key: string) =>
    (await prisma.apiKey.findUniqueOrThrow({ where: { prefix: key.split('_')[1] ?? '' } })).id;

  describe('upload and extraction', () => {
    let discharge: DocumentView;

    beforeAll(async () => {
      discharge = await settled(await uploadText(chineseDischarge, { externalId: 'HIS-0001' }));
    });

    it('extracts a Chinese discharge summary: the patient, flagged diagnoses with ICD-10 codes, medications and advice', () => {
      expect(discharge).toMatchObject({ status: 'completed', externalId: 'HIS-0001', completedAt: expect.any(String) });
      const extraction = discharge.extraction as ExtractionView;
      expect(extraction).toMatchObject({ language: 'zh', modelVersion: expect.stringMatching(/^records-ner-moe@/) });
      expect(extraction.patient).toMatchObject({ name: '张伟', age: { value: 45, unit: 'year' }, sex: 'male' });
      // Span boundaries are the model's (its quality is measured by the benchmark); the flags and codes are the service's.
      const mentioning = (word: string) => extraction.diagnoses.find((d) => d.text.includes(word));
      expect(mentioning('糖尿病')).toMatchObject({ negated: false, subject: 'patient', certainty: 'confirmed', code: { system: 'ICD-10', value: 'E11.9' } });
      expect(mentioning('冠心')).toMatchObject({ negated: true, subject: 'patient' });
      expect(mentioning('高血压')).toMatchObject({ negated: false, subject: 'family', code: { value: 'I10' } });
      expect(mentioning('肺炎')).toMatchObject({ certainty: 'suspected', subject: 'patient' });
      expect(extraction.medications).toContainEqual(expect.objectContaining({ name: expect.stringContaining('二甲双胍'), dose: '0.5 g', frequency: 'bid', route: 'po' }));
      expect(extraction.advice.join(' ')).toContain('低盐低脂');
      for (const d of extraction.diagnoses) expect(chineseDischarge.slice(d.span[0], d.span[1])).toBe(d.text);
      for (const item of [...extraction.diagnoses, ...extraction.medications]) expect(item.confidence).toBeGreaterThan(0);
    });

    it('extracts an English note uploaded as a text/plain file', async () => {
      const response = await uploadFile(harness.url, writer, { bytes: englishOutpatient, type: 'text/plain', name: 'note.txt' });
      expect(response.status).toBe(202);
      const done = await settled(String(response.body['documentId']));
      expect(done.extraction).toMatchObject({ language: 'en', patient: { name: expect.stringContaining('Mary Johnson'), age: { value: 67, unit: 'year' }, sex: 'female' } });
      expect(done.extraction?.medications.map((m) => [m.name, m.dose, m.frequency, m.route])).toContainEqual(['Metformin', '500 mg', 'bid', 'po']);
      expect(done.extraction?.diagnoses.find((d) => d.text === 'hypertension')).toMatchObject({ code: { value: 'I10' }, negated: false });
    });

    it('reads the text layer of a PDF and extracts it', async () => {
      const response = await uploadFile(harness.url, writer, { bytes: textPdf(chineseDischarge.split('\n').slice(0, 6)), type: 'application/pdf', name: 'discharge.pdf' });
      expect(response.status).toBe(202);
      const done = await settled(String(response.body['documentId']));
      expect(done.status).toBe('completed');
      expect(done.extraction?.patient).toMatchObject({ name: '张伟', sex: 'male' });
    });

    it('stores a scanned PDF and reports it failed with the reason, never leaving it queued', async () => {
      const response = await uploadFile(harness.url, writer, { bytes: scannedPdf(), type: 'application/pdf', name: 'scan.pdf' });
      expect(response.status).toBe(202);
      const done = await settled(String(response.body['documentId']));
      expect(done).toMatchObject({ status: 'failed', error: expect.stringContaining('no text layer') });
      expect(done.extraction).toBeUndefined();
    });

    it('completes a mixed-language document, and one without patient information with nulls and empty lists', async () => {
      const mixed = await settled(await uploadText(mixedLanguages));
      expect(mixed.status).toBe('completed');
      expect(mixed.extraction?.patient.name).toBe('王芳');
      const empty = await settled(await uploadText(noPatientInformation));
      expect(empty.status).toBe('completed');
      expect(empty.extraction).toMatchObject({ patient: { name: null, age: null, sex: null }, diagnoses: [], medications: [] });
    });
  });

  describe('bad input', () => {
    const garbage = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 197 + 89) % 256));

    it.each([
      ['empty JSON text', 400, { json: { text: '' } }],
      ['whitespace-only JSON text', 400, { json: { text: ' \n\t\u3000 ' } }],
      ['an unknown JSON field', 400, { json: { text: 'ok', colour: 'red' } }],
      ['a JSON array', 400, { json: [] }],
      ['a body that is neither JSON nor multipart', 415, { body: 'just text', headers: { 'content-type': 'text/plain' } }],
    ])('answers %s with %i', async (_name, status, request) => {
      expect((await httpClient(harness.url, writer)('POST', '/v1/documents', request)).status).toBe(status);
    });

    it.each([
      ['binary garbage labelled as text', 422, { bytes: garbage, type: 'text/plain' }],
      ['an empty file', 422, { bytes: '', type: 'text/plain' }],
      ['a whitespace-only file', 422, { bytes: ' \r\n ', type: 'text/plain' }],
      ['a PDF that is not a PDF', 422, { bytes: 'this is plain text pretending', type: 'application/pdf' }],
      ['a password-protected PDF', 422, { bytes: passwordPdf(), type: 'application/pdf' }],
      ['a malformed PDF', 422, { bytes: truncatedPdf(), type: 'application/pdf' }],
      ['an image', 415, { bytes: garbage, type: 'image/png' }],
      ['a file over the size limit', 413, { bytes: 'x'.repeat(UPLOAD_LIMIT + 1), type: 'text/plain' }],
    ])('answers a multipart upload of %s with %i', async (_name, status, file) => {
      const response = await uploadFile(harness.url, writer, file);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, message: expect.any(String) });
    });

    it('answers 400 to a multipart upload without a file, and to a callback host that is not allowed', async () => {
      const form = new FormData();
      form.append('externalId', 'x');
      const noFile = await fetch(`${harness.url}/v1/documents`, { method: 'POST', headers: { authorization: `Bearer ${writer}` }, body: form });
      expect(noFile.status).toBe(400);
      const response = await httpClient(harness.url, writer)('POST', '/v1/documents', { json: { text: chineseDischarge, callbackUrl: 'https://169.254.169.254/latest' } });
      expect(response.status).toBe(400);
      expect(response.body['details']).toEqual([{ path: 'callbackUrl', message: expect.stringContaining('allow-list') }]);
    });
  });

  describe('POST /v1/extract', () => {
    it('extracts synchronously and stores nothing', async () => {
      const before = await prisma.recordDocument.count();
      const response = await httpClient(harness.url, writer)<ExtractionView>('POST', '/v1/extract', { json: { text: chineseDischarge } });
      expect(response.status).toBe(200);
      expect(response.body.patient).toMatchObject({ name: '张伟', age: { value: 45, unit: 'year' } });
      expect(await prisma.recordDocument.count()).toBe(before);
    });

    it('takes 20,000 characters and refuses 20,001, empty and whitespace-only text', async () => {
      const request = httpClient(harness.url, writer);
      const long = chineseDischarge.repeat(Math.ceil(20_000 / chineseDischarge.length)).slice(0, 20_000);
      expect((await request('POST', '/v1/extract', { json: { text: long } })).status).toBe(200);
      const over = await request('POST', '/v1/extract', { json: { text: `${long}x` } });
      expect(over.status).toBe(400);
      expect(over.body['details']).toEqual([{ path: 'text', message: expect.stringContaining('20000') }]);
      expect((await request('POST', '/v1/extract', { json: { text: '' } })).status).toBe(400);
      expect((await request('POST', '/v1/extract', { json: { text: '   ' } })).status).toBe(400);
    });

    it('needs the write scope', async () => {
      expect((await httpClient(harness.url, reader)('POST', '/v1/extract', { json: { text: 'x' } })).status).toBe(403);
    });
  });

  describe('review, FHIR, tenants, audit and encryption at rest', () => {
    let documentId: string;
    let original: ExtractionView;

    beforeAll(async () => {
      documentId = await uploadText(chineseDischarge);
      original = (await settled(documentId)).extraction as ExtractionView;
    });

    it('keeps the original and each correction, with who reviewed and when', async () => {
      const correction: ExtractionView = { ...original, advice: ['低盐低脂饮食'], patient: { ...original.patient, age: { value: 46, unit: 'year' } } };
      const response = await httpClient(harness.url, reviewer)<DocumentView>('PUT', `/v1/documents/${documentId}/review`, { json: correction });
      expect(response.status).toBe(200);
      const reviewerKey = await keyIdOf(reviewer);
      expect(response.body.review).toMatchObject({ reviewer: reviewerKey, reviewedAt: expect.any(String), extraction: { advice: ['低盐低脂饮食'] } });
      expect(response.body.extraction).toEqual(original);
      const second = await httpClient(harness.url, reviewer)<DocumentView>('PUT', `/v1/documents/${documentId}/review`, { json: { ...correction, advice: [] } });
      expect(second.status).toBe(200);
      const read = await httpClient(harness.url, reader)<DocumentView>('GET', `/v1/documents/${documentId}`);
      expect(read.body.extraction).toEqual(original);
      expect(read.body.review?.extraction.advice).toEqual([]);
      expect(await prisma.recordReview.count({ where: { documentId } })).toBe(2);
    });

    it('refuses a correction that breaks the schema or points outside the text, and a key without the review scope', async () => {
      const put = (key: string, json: unknown) => httpClient(harness.url, key)('PUT', `/v1/documents/${documentId}/review`, { json });
      expect((await put(reviewer, { ...original, language: 'fr' })).status).toBe(400);
      const outside = await put(reviewer, { ...original, diagnoses: [{ ...original.diagnoses[0], span: [0, 1_000_000] }] });
      expect(outside.status).toBe(422);
      expect((await put(writer, original)).status).toBe(403);
    });

    it('serves the reviewed extraction as a FHIR R4 Bundle', async () => {
      const response = await httpClient(harness.url, reader)<{ resourceType: string; entry: { resource: Record<string, unknown> }[] }>('GET', `/v1/documents/${documentId}/fhir`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/fhir+json');
      const resources = response.body.entry.map((e) => e.resource);
      expect(response.body.resourceType).toBe('Bundle');
      expect(resources.find((r) => r['resourceType'] === 'Patient')).toMatchObject({ name: [{ text: '张伟' }], gender: 'male' });
      expect(resources.find((r) => r['resourceType'] === 'Observation')).toMatchObject({ valueQuantity: { value: 46 } });
      const status = (text: string) =>
        (resources.find((r) => r['resourceType'] === 'Condition' && (r['code'] as { text: string }).text === text)?.['verificationStatus'] as { coding: { code: string }[] })
          ?.coding[0]?.code;
      expect(status('2型糖尿病')).toBe('confirmed');
      expect(status(original.diagnoses.find((d) => d.text.includes('冠心'))?.text ?? '冠心病')).toBe('refuted');
      expect(resources.filter((r) => r['resourceType'] === 'FamilyMemberHistory').map((r) => (r['condition'] as { code: { text: string } }[])[0]?.code.text)).toContain('高血压');
      expect(resources.some((r) => r['resourceType'] === 'MedicationStatement')).toBe(true);
    });

    it("answers 404 for another tenant's document on every route, and 409 for FHIR or review of a failed one", async () => {
      const stranger = await harness.keyFor(['records:read', 'records:review']);
      const request = httpClient(harness.url, stranger);
      expect((await request('GET', `/v1/documents/${documentId}`)).status).toBe(404);
      expect((await request('GET', `/v1/documents/${documentId}/fhir`)).status).toBe(404);
      expect((await request('PUT', `/v1/documents/${documentId}/review`, { json: original })).status).toBe(404);
      expect((await request('GET', '/v1/documents/not-a-uuid')).status).toBe(404);
      const scanned = await uploadFile(harness.url, writer, { bytes: scannedPdf(), type: 'application/pdf' });
      const failedId = String(scanned.body['documentId']);
      await settled(failedId);
      expect((await httpClient(harness.url, reader)('GET', `/v1/documents/${failedId}/fhir`)).status).toBe(409);
      expect((await httpClient(harness.url, reviewer)('PUT', `/v1/documents/${failedId}/review`, { json: original })).status).toBe(409);
    });

    it('writes every read and change to the audit log: who, which document, when', async () => {
      const events = await prisma.recordAuditEvent.findMany({ where: { documentId }, orderBy: { id: 'asc' } });
      const [writerKey, readerKey, reviewerKey] = await Promise.all([keyIdOf(writer), keyIdOf(reader), keyIdOf(reviewer)]);
      const seen = events.map((e) => `${e.action}:${e.actor}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          `document.create:${writerKey}`,
          'document.process:system:records-worker',
          `document.read:${readerKey}`,
          `review.write:${reviewerKey}`,
          `fhir.read:${readerKey}`,
        ]),
      );
      expect(events.every((e) => e.tenantId === tenant && e.at instanceof Date)).toBe(true);
      expect(events.some((e) => e.actor !== writerKey && e.actor !== readerKey && e.actor !== reviewerKey && !e.actor.startsWith('system:'))).toBe(false);
    });

    it('holds no plain text in the raw columns: document text, extraction and corrections are ciphertext', async () => {
      const [row] = await prisma.$queryRaw<{ text_cipher: Buffer; key_id: string; payload_cipher: Buffer }[]>`
        SELECT d.text_cipher, d.key_id, e.payload_cipher FROM record_documents d JOIN record_extractions e ON e.document_id = d.id WHERE d.id = ${documentId}::uuid`;
      const [review] = await prisma.$queryRaw<{ correction_cipher: Buffer }[]>`SELECT correction_cipher FROM record_reviews WHERE document_id = ${documentId}::uuid LIMIT 1`;
      expect(row?.key_id).toBe('dev');
      for (const raw of [row?.text_cipher, row?.payload_cipher, review?.correction_cipher]) {
        const asText = Buffer.from(raw ?? []).toString('utf8');
        expect(raw?.length).toBeGreaterThan(32);
        for (const secret of ['张伟', '糖尿病', '二甲双胍', 'E11.9', '"patient"']) expect(asText).not.toContain(secret);
      }
    });
  });

  it('calls back an allowed host with a signed notice, retrying until it is accepted', async () => {
    const receiver = await callbackReceiver();
    try {
      const documentId = await uploadText(englishOutpatient, { callbackUrl: receiver.url });
      await settled(documentId);
      await eventually(async () => receiver.received.length >= 2, 20_000);
      const delivered = await eventually(async () => (await prisma.recordDocument.findUnique({ where: { id: documentId } }))?.callbackStatus === 'delivered', 10_000);
      expect(delivered).toBe(true);
      const last = receiver.received.at(-1) as Received;
      expect(JSON.parse(last.body)).toEqual({ event: 'document.completed', documentId, status: 'completed', completedAt: expect.any(String) });
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(last.signature) ?? [];
      expect(v1).toBe(createHmac('sha256', CALLBACK_SECRET).update(`${t}.${last.body}`).digest('hex'));
      expect(last.body).not.toContain('Mary');
    } finally {
      await receiver.close();
    }
  });

  it('never writes document text to the logs', () => {
    const logs = harness.logs();
    expect(logs).toContain('document extracted');
    for (const secret of ['张伟', 'Mary Johnson', '王芳', '糖尿病', 'hypertension', '二甲双胍', 'Metformin', 'HIS-0001', '低盐低脂']) expect(logs).not.toContain(secret);
  });
});
