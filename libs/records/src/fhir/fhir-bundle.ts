/**
 * The contract's extraction as a FHIR R4 Bundle (type `collection`): the Patient, an age
 * Observation, a Condition per diagnosis of the patient (verificationStatus `refuted` when denied,
 * `provisional` when suspected), a FamilyMemberHistory per relative's condition, and a
 * MedicationStatement per drug. Resource ids derive from the document id, so mapping the same
 * extraction twice gives the same Bundle.
 */
import { createHash } from 'node:crypto';
import type { Age } from '../extraction/demographics-parser';
import type { DiagnosisInfo, Extraction, MedicationInfo } from '../extraction/extraction.types';

export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}

export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

export interface FhirExtension {
  url: string;
  valueBoolean?: boolean;
  valueString?: string;
}

export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  identifier: { system: string; value: string };
  entry: { fullUrl: string; resource: FhirResource }[];
}

/** The fields of the extraction the mapping reads; the lib's Extraction and the API's view both fit. */
export type FhirSource = Pick<Extraction, 'language'> & {
  patient: { name: string | null; age: Age | null; sex: 'male' | 'female' | null };
  diagnoses: readonly Pick<DiagnosisInfo, 'text' | 'negated' | 'subject' | 'certainty' | 'code'>[];
  medications: readonly Pick<MedicationInfo, 'name' | 'dose' | 'frequency' | 'route'>[];
};

export const FHIR_SYSTEMS = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  timingAbbreviation: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation',
  document: 'urn:mosaic:records:document',
  /** A relative's condition that the text denies ("no family history of cancer"). */
  negatedExtension: 'urn:mosaic:fhir:StructureDefinition:negated',
} as const;

/** A name-based UUID (the layout of version 5) of the document id and a resource's role in it. */
export function stableUuid(documentId: string, role: string): string {
  const hex = createHash('sha1').update(`${documentId}:${role}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function diagnosisConcept(d: FhirSource['diagnoses'][number]): FhirCodeableConcept {
  return {
    ...(d.code ? { coding: [{ system: FHIR_SYSTEMS.icd10, code: d.code.value }] } : {}),
    text: d.text,
  };
}

const concept = (system: string, code: string, display?: string): FhirCodeableConcept => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });

function condition(id: string, patientRef: string, d: FhirSource['diagnoses'][number]): FhirResource {
  const verification = d.negated ? 'refuted' : d.certainty === 'suspected' ? 'provisional' : 'confirmed';
  return {
    resourceType: 'Condition',
    id,
    // A refuted condition asserts nothing about its course, so it carries no clinical status.
    ...(d.negated ? {} : { clinicalStatus: concept(FHIR_SYSTEMS.conditionClinical, 'active') }),
    verificationStatus: concept(FHIR_SYSTEMS.conditionVerification, verification),
    category: [concept(FHIR_SYSTEMS.conditionCategory, 'encounter-diagnosis')],
    code: diagnosisConcept(d),
    subject: { reference: patientRef },
  };
}

function familyHistory(id: string, patientRef: string, d: FhirSource['diagnoses'][number]): FhirResource {
  const notes = [d.negated ? 'the source text denies this condition in the family' : null, d.certainty === 'suspected' ? 'suspected' : null].filter(
    (n): n is string => n !== null,
  );
  return {
    resourceType: 'FamilyMemberHistory',
    id,
    status: 'completed',
    patient: { reference: patientRef },
    // The text rarely says which relative in a way the extraction keeps; FAMMEMB is "a family member".
    relationship: concept(FHIR_SYSTEMS.roleCode, 'FAMMEMB', 'family member'),
    condition: [
      {
        code: diagnosisConcept(d),
        ...(d.negated ? { extension: [{ url: FHIR_SYSTEMS.negatedExtension, valueBoolean: true } satisfies FhirExtension] } : {}),
        ...(notes.length ? { note: notes.map((text) => ({ text })) } : {}),
      },
    ],
  };
}

const TIMING: Record<string, { frequency: number; period: number; periodUnit: 'h' | 'd' | 'wk'; code?: string; when?: string[] }> = {
  qd: { frequency: 1, period: 1, periodUnit: 'd', code: 'QD' },
  bid: { frequency: 2, period: 1, periodUnit: 'd', code: 'BID' },
  tid: { frequency: 3, period: 1, periodUnit: 'd', code: 'TID' },
  qid: { frequency: 4, period: 1, periodUnit: 'd', code: 'QID' },
  q4h: { frequency: 1, period: 4, periodUnit: 'h', code: 'Q4H' },
  q6h: { frequency: 1, period: 6, periodUnit: 'h', code: 'Q6H' },
  q8h: { frequency: 1, period: 8, periodUnit: 'h' },
  q12h: { frequency: 1, period: 12, periodUnit: 'h' },
  qod: { frequency: 1, period: 2, periodUnit: 'd', code: 'QOD' },
  qw: { frequency: 1, period: 1, periodUnit: 'wk' },
  qn: { frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] },
  qam: { frequency: 1, period: 1, periodUnit: 'd', code: 'AM', when: ['MORN'] },
};

const UCUM_UNITS: Record<string, string> = { mg: 'mg', g: 'g', mcg: 'ug', mL: 'mL', L: 'L', IU: '[iU]', U: '[U]', mmol: 'mmol', 'mg/kg': 'mg/kg' };

const ROUTE_DISPLAY: Record<string, string> = {
  po: 'oral',
  iv: 'intravenous',
  im: 'intramuscular',
  sc: 'subcutaneous',
  sl: 'sublingual',
  inh: 'inhalation',
  topical: 'topical',
  pr: 'rectal',
  eye: 'ophthalmic',
  ng: 'nasogastric',
};

function dosage(m: FhirSource['medications'][number]): Record<string, unknown> | null {
  if (!m.dose && !m.frequency && !m.route) return null;
  const timing = m.frequency ? TIMING[m.frequency] : undefined;
  const amount = m.dose ? /^(\d+(?:\.\d+)?) (\S+)$/.exec(m.dose) : null;
  const unit = amount?.[2];
  return {
    text: [m.dose, m.route, m.frequency].filter(Boolean).join(' '),
    ...(timing
      ? {
          timing: {
            repeat: { frequency: timing.frequency, period: timing.period, periodUnit: timing.periodUnit, ...(timing.when ? { when: timing.when } : {}) },
            ...(timing.code ? { code: { ...concept(FHIR_SYSTEMS.timingAbbreviation, timing.code), text: m.frequency } } : { code: { text: m.frequency } }),
          },
        }
      : m.frequency && m.frequency !== 'prn'
        ? { timing: { code: { text: m.frequency } } }
        : {}),
    ...(m.frequency === 'prn' ? { asNeededBoolean: true } : {}),
    ...(m.route ? { route: { text: ROUTE_DISPLAY[m.route] ?? m.route } } : {}),
    ...(amount && unit
      ? {
          doseAndRate: [
            {
              doseQuantity: { value: Number(amount[1]), unit, ...(UCUM_UNITS[unit] ? { system: FHIR_SYSTEMS.ucum, code: UCUM_UNITS[unit] } : {}) },
            },
          ],
        }
      : {}),
  };
}

const AGE_UNITS: Record<Age['unit'], { code: string; unit: string }> = {
  year: { code: 'a', unit: 'years' },
  month: { code: 'mo', unit: 'months' },
  day: { code: 'd', unit: 'days' },
};

export function toFhirBundle(extraction: FhirSource, documentId: string, timestamp: Date): FhirBundle {
  const id = (role: string) => stableUuid(documentId, role);
  const patientId = id('patient');
  const patientRef = `urn:uuid:${patientId}`;
  const entries: FhirResource[] = [];
  const { patient } = extraction;
  entries.push({
    resourceType: 'Patient',
    id: patientId,
    ...(patient.name ? { name: [{ text: patient.name }] } : {}),
    gender: patient.sex ?? 'unknown',
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: extraction.language }] } }],
  });
  if (patient.age) {
    entries.push({
      resourceType: 'Observation',
      id: id('age'),
      status: 'final',
      category: [concept(FHIR_SYSTEMS.observationCategory, 'social-history')],
      code: { ...concept(FHIR_SYSTEMS.loinc, '30525-0', 'Age'), text: 'Age' },
      subject: { reference: patientRef },
      valueQuantity: { value: patient.age.value, unit: AGE_UNITS[patient.age.unit].unit, system: FHIR_SYSTEMS.ucum, code: AGE_UNITS[patient.age.unit].code },
    });
  }
  extraction.diagnoses.forEach((d, i) => {
    entries.push(d.subject === 'family' ? familyHistory(id(`family-${i}`), patientRef, d) : condition(id(`condition-${i}`), patientRef, d));
  });
  extraction.medications.forEach((m, i) => {
    const dose = dosage(m);
    entries.push({
      resourceType: 'MedicationStatement',
      id: id(`medication-${i}`),
      status: 'active',
      medicationCodeableConcept: { text: m.name },
      subject: { reference: patientRef },
      ...(dose ? { dosage: [dose] } : {}),
    });
  });
  return {
    resourceType: 'Bundle',
    id: id('bundle'),
    type: 'collection',
    timestamp: timestamp.toISOString(),
    identifier: { system: FHIR_SYSTEMS.document, value: documentId },
    entry: entries.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}
