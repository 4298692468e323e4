/**
 * Sparkov simulated card transactions (../shared/datasets/sparkov; originals: "credit card transactions
 * fraud detection", fraudTrain.csv, generated with Brandon Harris's Sparkov tool) mapped to score
 * requests. Both files are read: the first 5,039 rows as published, and a 2,001-row balanced sample
 * that a spreadsheet damaged (cc_num rounded, dates "m/d/yy h:mm", 2-digit birth years).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ScoreRequest, fnv1a } from '@mosaic/fraud';
import { parseCsv } from './csv.parser';

export const SPARKOV_HEAD_FILE = 'sparkov/fraudTrain-head5039.csv';
export const SPARKOV_BALANCED_FILE = 'sparkov/fraudTrain-balanced2001-spreadsheet-mangled.csv';
/** Sparkov's unix_time runs 2,557 days (7 years) behind its own trans_date_trans_time, on every row. */
const UNIX_TIME_OFFSET_S = 220_924_800;

export interface LabelledRequest {
  request: ScoreRequest;
  label: 0 | 1;
  /** Whose payments these are, for account-disjoint splits (a hash, never the holder's name). */
  accountId: string;
  at: number;
  /** Which fraud pattern (synthetic) or "sparkov"; "legitimate" for negatives. */
  pattern: string;
}

/** A card is first + last + date of birth: the damaged file rounded cc_num beyond use. */
function cardKey(row: Record<string, string>, dob: string): string {
  return `card-${fnv1a(`${row.first}|${row.last}|${dob}`).toString(16).padStart(8, '0')}${fnv1a(`${dob}|${row.last}|${row.first}`, 0x1234567).toString(16).padStart(8, '0')}`;
}

/** "3/9/88" -> "1988-03-09": a 2-digit year above the data's own (2019) belongs to the 1900s. */
export function expandShortDate(text: string, dataYear = 2019): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not an m/d/yy date: ${text}`);
  const [, m, d, yy] = match;
  const year = Number(yy) > dataYear % 100 ? 1900 + Number(yy) : 2000 + Number(yy);
  return `${year}-${m?.padStart(2, '0')}-${d?.padStart(2, '0')}`;
}

function isoFromEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function toRequest(row: Record<string, string>, mangled: boolean): LabelledRequest {
  const dob = mangled ? expandShortDate(row.dob ?? '') : (row.dob ?? '');
  const accountId = cardKey(row, dob);
  // Sparkov writes local wall-clock time; it is carried as is (with Z), and the features read the hour
  // from what the timestamp says.
  const timestamp = isoFromEpochSeconds(Number(row.unix_time) + UNIX_TIME_OFFSET_S);
  const merchantName = (row.merchant ?? '').replace(/^fraud_/, '');
  return {
    request: {
      transactionId: `sparkov-${row.trans_num}`,
      timestamp,
      amount: Number(row.amt),
      currency: 'USD',
      account: {
        id: accountId,
        holder: {
          birthDate: dob,
          gender: row.gender,
          home: { lat: Number(row.lat), lon: Number(row.long) },
          cityPopulation: Number(row.city_pop),
          occupation: row.job,
        },
      },
      merchant: {
        id: `m-${fnv1a(merchantName).toString(16)}`,
        name: merchantName,
        category: row.category,
        country: 'US',
        geo: { lat: Number(row.merch_lat), lon: Number(row.merch_long) },
      },
    },
    label: row.is_fraud === '1' ? 1 : 0,
    accountId,
    at: Date.parse(timestamp),
    pattern: row.is_fraud === '1' ? 'sparkov' : 'legitimate',
  };
}

export function parseSparkov(csv: string, mangled: boolean): LabelledRequest[] {
  return parseCsv(csv).map((row) => toRequest(row, mangled));
}

/** Both files, deduplicated by trans_num (the undamaged copy wins), in time order. */
export function loadSparkov(datasets: string): LabelledRequest[] {
  const head = parseSparkov(readFileSync(join(datasets, SPARKOV_HEAD_FILE), 'utf8'), false);
  const balanced = parseSparkov(readFileSync(join(datasets, SPARKOV_BALANCED_FILE), 'utf8'), true);
  const seen = new Set(head.map((r) => r.request.transactionId));
  return [...head, ...balanced.filter((r) => !seen.has(r.request.transactionId))].sort(
    (a, b) => a.at - b.at || a.request.transactionId.localeCompare(b.request.transactionId),
  );
}
