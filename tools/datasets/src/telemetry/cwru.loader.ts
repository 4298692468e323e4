/**
 * Loads the CWRU bearing recordings from the shared datasets folder (see its README; the originals
 * come from Case Western Reserve University's Bearing Data Center). Only the drive-end accelerometer
 * is used: it is the one channel every file has, and the sensor a gateway on a motor would carry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultLabel } from '@mosaic/telemetry';
import { readMatFile } from './mat-file.reader';

export interface CwruRecording {
  /** File name without .mat, e.g. IR007_3 or Normal_0_48k. */
  id: string;
  label: FaultLabel;
  /** Fault diameter in inches; 0 for the healthy bearing. */
  diameterInches: number;
  loadHp: number;
  rpm: number;
  sampleRateHz: number;
  vibration: Float64Array;
}

/** Nominal shaft speed per motor load, for files that lack an RPM variable. */
export const CWRU_NOMINAL_RPM: Readonly<Record<number, number>> = { 0: 1797, 1: 1772, 2: 1750, 3: 1730 };

const FAULT_FILE = /^(IR|OR|B)(\d{3})(@\d+)?_(\d)\.mat$/;
const FAULT_LABEL: Record<string, FaultLabel> = { IR: 'inner_race', OR: 'outer_race', B: 'ball' };
export const NORMAL_FILE = 'normal/Normal_0_48k.mat';

function readRecording(path: string, id: string, label: FaultLabel, diameterInches: number, loadHp: number, sampleRateHz: number): CwruRecording {
  const variables = readMatFile(readFileSync(path));
  const driveEnd = variables.find((v) => v.name.endsWith('_DE_time'));
  if (!driveEnd) throw new Error(`${path} has no drive-end (_DE_time) channel`);
  const rpmVariable = variables.find((v) => /RPM$/.test(v.name));
  const rpm = rpmVariable?.data[0] ?? CWRU_NOMINAL_RPM[loadHp] ?? 1797;
  return { id, label, diameterInches, loadHp, rpm, sampleRateHz, vibration: driveEnd.data };
}

/** Every 12 kHz drive-end fault file and the 48 kHz healthy baseline under `<datasets>/cwru-bearing`. */
export function loadCwru(datasetsDir: string): CwruRecording[] {
  const root = join(datasetsDir, 'cwru-bearing');
  const faultDir = join(root, '12k_DE');
  if (!existsSync(faultDir) || !existsSync(join(root, NORMAL_FILE))) {
    throw new Error(`CWRU bearing data not found under ${root}: expected 12k_DE/*.mat and ${NORMAL_FILE} (see ../shared/datasets/README.md)`);
  }
  const recordings: CwruRecording[] = [];
  for (const file of readdirSync(faultDir).sort()) {
    const match = FAULT_FILE.exec(file);
    if (!match) continue;
    const [, kind = '', mils = '0', , load = '0'] = match;
    const label = FAULT_LABEL[kind];
    if (!label) continue;
    recordings.push(readRecording(join(faultDir, file), file.replace(/\.mat$/, ''), label, Number(mils) / 1000, Number(load), 12_000));
  }
  recordings.push(readRecording(join(root, NORMAL_FILE), 'Normal_0_48k', 'normal', 0, 0, 48_000));
  return recordings;
}
