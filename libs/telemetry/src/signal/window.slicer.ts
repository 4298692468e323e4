/** Overlapping fixed-length windows over a signal. */

/** Start offsets of every full window of `windowLength` samples, `hop` apart, from the start of the signal. */
export function windowStarts(signalLength: number, windowLength: number, hop: number): number[] {
  if (!Number.isInteger(windowLength) || windowLength <= 0) throw new RangeError(`window length must be a positive integer, got ${windowLength}`);
  if (!Number.isInteger(hop) || hop <= 0) throw new RangeError(`hop must be a positive integer, got ${hop}`);
  const starts: number[] = [];
  for (let start = 0; start + windowLength <= signalLength; start += hop) starts.push(start);
  return starts;
}
