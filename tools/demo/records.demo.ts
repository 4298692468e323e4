/**
 * `npm run demo -- records`: uploads a few clinical documents in Chinese and English to the running
 * records-api (start it with `npm start`), as JSON and as a text file, waits for the worker to extract
 * them and prints each document's JSON; then the FHIR Bundle of one, a reviewer's correction, and a
 * synchronous POST /v1/extract. RECORDS_API_URL (default http://127.0.0.1:3002) and DATABASE_URL
 * (for the demo's API key) apply. The patients are invented.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BASE = process.env['RECORDS_API_URL'] ?? 'http://127.0.0.1:3002';

type Json = Record<string, unknown>;

const DOCUMENTS: { title: string; as: 'json' | 'file'; text: string }[] = [
  {
    title: 'Chinese discharge summary (JSON)',
    as: 'json',
    text: [
      '出院记录',
      '患者姓名：陈建国  性别：男  年龄：68岁',
      '入院诊断：1.冠心病 不稳定型心绞痛 2.高血压病3级',
      '既往史：否认糖尿病史，否认肝炎、结核病史。吸烟40年。',
      '家族史：父亲有脑梗死病史。',
      '出院诊断：1.冠心病 2.高血压病3级 3.疑似慢阻肺',
      '出院带药：阿司匹林肠溶片 100mg 口服 每日一次；硫酸氢氯吡格雷片 75mg 口服 每日一次；苯磺酸氨氯地平片 5mg 口服 每日一次',
      '出院医嘱：低盐低脂饮食，戒烟，规律服药，1个月后心内科门诊复查。',
      '主治医师：刘洋',
    ].join('\n'),
  },
  {
    title: 'English outpatient note (text/plain file)',
    as: 'file',
    text: [
      'CLINIC VISIT',
      'Name: James Miller   DOB withheld   Age: 54-year-old male',
      'HPI: Follow-up of T2DM and hypertension. Reports increased thirst. No chest pain.',
      'PMH: T2DM, HTN. No history of stroke.',
      'Family history: mother with breast cancer.',
      'Assessment: 1. Type 2 diabetes mellitus, poorly controlled. 2. Hypertension. 3. Rule out hypothyroidism.',
      'Plan: Metformin 1000 mg PO bid; Lisinopril 20 mg PO daily; check TSH. Diabetic diet and daily walking.',
      'Signed: Dr. Sarah Kim',
    ].join('\n'),
  },
  {
    title: 'Chinese outpatient prescription for an infant (JSON)',
    as: 'json',
    text: ['门诊处方', '姓名：刘小雨  性别：女  年龄：8个月', '临床诊断：急性支气管炎', 'Rp：布地奈德混悬液 1mg 雾化吸入 每日两次；氨溴索口服溶液 2.5ml 口服 每日两次', '医嘱：多饮水，发热时及时就诊。'].join('\n'),
  },
  {
    title: 'Mixed-language ward note (JSON)',
    as: 'json',
    text: ['Ward round note 查房记录', 'Patient 患者: 赵敏, female, 41 years', 'Dx: community-acquired pneumonia 社区获得性肺炎; no history of asthma', 'Rx: Ceftriaxone 2 g IV q24h'].join('\n'),
  },
];

function createKey(): string {
  const tenant = `demo-${Date.now().toString(36)}`;
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/scripts/keys.ts', 'create', '--tenant', tenant, '--scopes', 'records:write,records:read,records:review', '--label', 'demo'],
    { cwd: resolve(__dirname, '../..'), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`could not create an API key: ${result.stderr.trim()}`);
  return result.stdout.trim().split('\n').at(-1) ?? '';
}

function client(key: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const form = body instanceof FormData;
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const health = await fetch(`${BASE}/health/ready`).catch(() => null);
  if (!health?.ok) throw new Error(`records-api is not ready at ${BASE}; start it with npm start`);
  const call = client(createKey());

  const uploaded: { title: string; documentId: string }[] = [];
  for (const doc of DOCUMENTS) {
    let response;
    if (doc.as === 'file') {
      const form = new FormData();
      form.append('file', new Blob([doc.text], { type: 'text/plain' }), 'note.txt');
      form.append('externalId', 'demo-note-1');
      response = await call('POST', '/v1/documents', form);
    } else {
      response = await call('POST', '/v1/documents', { text: doc.text });
    }
    console.log(`uploaded ${doc.title}: ${response.status} ${JSON.stringify(response.body)}`);
    uploaded.push({ title: doc.title, documentId: String(response.body['documentId']) });
  }

  const finished: Json[] = [];
  for (const { title, documentId } of uploaded) {
    let document: Json = {};
    for (let i = 0; i < 300; i += 1) {
      document = (await call('GET', `/v1/documents/${documentId}`)).body;
      if (document['status'] === 'completed' || document['status'] === 'failed') break;
      await sleep(100);
    }
    console.log(`\n--- ${title}\n${JSON.stringify(document, null, 2)}`);
    finished.push(document);
  }

  const first = uploaded[0];
  if (first && finished[0]?.['status'] === 'completed') {
    const bundle = await call('GET', `/v1/documents/${first.documentId}/fhir`);
    const entries = (bundle.body['entry'] as { resource: Json }[] | undefined) ?? [];
    console.log(`\n--- FHIR R4 Bundle of the first document: ${entries.map((e) => e.resource['resourceType']).join(', ')}`);
    console.log(JSON.stringify(entries.find((e) => e.resource['resourceType'] === 'Condition')?.resource ?? {}, null, 2));

    const extraction = finished[0]?.['extraction'] as Json;
    const corrected = { ...extraction, advice: ['低盐低脂饮食，戒烟，规律服药'] };
    const review = await call('PUT', `/v1/documents/${first.documentId}/review`, corrected);
    console.log(`\n--- review: ${review.status}, reviewer ${JSON.stringify((review.body['review'] as Json | undefined)?.['reviewer'])} at ${JSON.stringify((review.body['review'] as Json | undefined)?.['reviewedAt'])}`);
  }

  const sync = await call('POST', '/v1/extract', { text: 'Pt: Li Na, 29 y/o F. Dx: iron deficiency anemia. Ferrous sulfate 325 mg PO tid.' });
  console.log(`\n--- POST /v1/extract: ${sync.status}\n${JSON.stringify(sync.body, null, 2)}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
