/**
 * The extraction object of the records contract (shared/contracts/records.md), plus the evidence
 * behind each patient and medication field (its span in the stored text and a confidence), which
 * the contract's shape leaves room for and a reviewer needs.
 */
import type { Language } from '../context/context-rules';
import type { Age, Sex } from './demographics-parser';

/** [start, end) in UTF-16 code units of the stored text. */
export type Span = [number, number];

export interface FieldEvidence {
  span: Span;
  confidence: number;
}

export interface PatientInfo {
  name: string | null;
  age: Age | null;
  sex: Sex | null;
  evidence: { name: FieldEvidence | null; age: FieldEvidence | null; sex: FieldEvidence | null };
}

export interface DiagnosisInfo {
  text: string;
  negated: boolean;
  subject: 'patient' | 'family';
  certainty: 'confirmed' | 'suspected';
  code: { system: 'ICD-10'; value: string } | null;
  span: Span;
  confidence: number;
}

export interface MedicationInfo {
  name: string;
  dose: string | null;
  frequency: string | null;
  route: string | null;
  span: Span;
  confidence: number;
  evidence: { dose: FieldEvidence | null; frequency: FieldEvidence | null; route: FieldEvidence | null };
}

export interface Extraction {
  language: Language;
  patient: PatientInfo;
  diagnoses: DiagnosisInfo[];
  medications: MedicationInfo[];
  advice: string[];
  modelVersion: string;
}
