/** Counts of flagged (declined) payments against their labels. Unlabelled payments are not counted. */
export interface Confusion {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface DecisionQuality extends Confusion {
  labelled: number;
  /** Null when nothing was flagged (precision) or no label of that class exists (recall, FPR). */
  precision: number | null;
  recall: number | null;
  falsePositiveRate: number | null;
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

export function emptyConfusion(): Confusion {
  return { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
}

/** Adds one labelled payment: `flagged` is whether it was declined, `fraud` whether it was fraud. */
export function countOutcome(confusion: Confusion, flagged: boolean, fraud: boolean): Confusion {
  if (flagged && fraud) confusion.truePositives += 1;
  else if (flagged) confusion.falsePositives += 1;
  else if (fraud) confusion.falseNegatives += 1;
  else confusion.trueNegatives += 1;
  return confusion;
}

export function decisionQuality(c: Confusion): DecisionQuality {
  return {
    ...c,
    labelled: c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives,
    precision: ratio(c.truePositives, c.truePositives + c.falsePositives),
    recall: ratio(c.truePositives, c.truePositives + c.falseNegatives),
    falsePositiveRate: ratio(c.falsePositives, c.falsePositives + c.trueNegatives),
  };
}
