import { Injectable } from '@nestjs/common';
import { openApiSchema } from '@mosaic/platform-http';
import type { Extraction } from '@mosaic/records';
import { extractionSchema, type ExtractionView } from './dto/extraction.dto';
import { JsonSchemaValidator, type SchemaIssue } from './json-schema.validator';
import { RecordsModel } from './records-model.service';

export type ExtractionOutcome = { ok: true; extraction: ExtractionView } | { ok: false; reason: string };

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** The pipeline's object in the contract's shape: confidences rounded, nothing else changed. */
function toView(extraction: Extraction): ExtractionView {
  const evidence = <T extends { span: [number, number]; confidence: number } | null>(e: T) => (e ? { span: e.span, confidence: round(e.confidence) } : null);
  return {
    language: extraction.language,
    patient: {
      name: extraction.patient.name,
      age: extraction.patient.age,
      sex: extraction.patient.sex,
      evidence: {
        name: evidence(extraction.patient.evidence.name),
        age: evidence(extraction.patient.evidence.age),
        sex: evidence(extraction.patient.evidence.sex),
      },
    },
    diagnoses: extraction.diagnoses.map((d) => ({ ...d, confidence: round(d.confidence) })),
    medications: extraction.medications.map((m) => ({
      ...m,
      confidence: round(m.confidence),
      evidence: { dose: evidence(m.evidence.dose), frequency: evidence(m.evidence.frequency), route: evidence(m.evidence.route) },
    })),
    advice: extraction.advice,
    modelVersion: extraction.modelVersion,
  };
}

/** Spans must lie inside the stored text and run forward; JSON Schema cannot say so. */
export function spanIssues(extraction: ExtractionView, textLength: number): SchemaIssue[] {
  const spans: [string, [number, number]][] = [
    ...extraction.diagnoses.map((d, i): [string, [number, number]] => [`diagnoses.${i}.span`, d.span]),
    ...extraction.medications.map((m, i): [string, [number, number]] => [`medications.${i}.span`, m.span]),
    ...Object.entries(extraction.patient.evidence ?? {}).flatMap(([field, e]): [string, [number, number]][] => (e ? [[`patient.evidence.${field}.span`, e.span]] : [])),
    ...extraction.medications.flatMap((m, i) =>
      Object.entries(m.evidence ?? {}).flatMap(([field, e]): [string, [number, number]][] => (e ? [[`medications.${i}.evidence.${field}.span`, e.span]] : [])),
    ),
  ];
  return spans
    .filter(([, [start, end]]) => start > end || end > textLength)
    .map(([path, [start, end]]) => ({ path, message: `[${start}, ${end}) is not a span of the ${textLength}-character text` }));
}

const AGE_LIMITS = { year: 150, month: 150 * 12, day: 150 * 366 } as const;

/** An age beyond a human lifespan in its own unit; the schema bounds the value for every unit at once. */
export function ageIssues(extraction: ExtractionView): SchemaIssue[] {
  const age = extraction.patient.age;
  return age && age.value > AGE_LIMITS[age.unit] ? [{ path: 'patient.age.value', message: `${age.value} ${age.unit}s is not a human age` }] : [];
}

export function describeIssues(issues: readonly SchemaIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
  return `${shown.join('; ')}${issues.length > shown.length ? `; and ${issues.length - shown.length} more` : ''}`;
}

/**
 * Text in, a checked extraction out. The result is validated against the JSON Schema generated
 * from the same zod schema the OpenAPI document shows, plus the spans' bounds; one that fails is
 * reported as a failure with its reasons and is never handed on half-formed.
 */
@Injectable()
export class ExtractionService {
  private readonly validator = new JsonSchemaValidator(openApiSchema(extractionSchema));

  constructor(private readonly model: RecordsModel) {}

  get modelVersion(): string {
    return this.model.modelVersion;
  }

  async extract(text: string): Promise<ExtractionOutcome> {
    const { extraction } = await this.model.extract(text);
    return this.check(toView(extraction), text.length);
  }

  check(extraction: unknown, textLength: number): ExtractionOutcome {
    const issues = this.validator.validate(extraction);
    if (issues.length === 0) issues.push(...spanIssues(extraction as ExtractionView, textLength), ...ageIssues(extraction as ExtractionView));
    if (issues.length > 0) return { ok: false, reason: `the extraction failed validation: ${describeIssues(issues)}` };
    return { ok: true, extraction: extraction as ExtractionView };
  }
}
