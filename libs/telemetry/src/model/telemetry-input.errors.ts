/** Errors a caller can turn into a clear 4xx: the input cannot be made into model windows. */

export class InvalidTelemetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTelemetryError';
  }
}

/** The signal yields no full window at the model rate; `minimumSamples` is at the caller's own sample rate. */
export class SignalTooShortError extends InvalidTelemetryError {
  constructor(
    readonly samples: number,
    readonly minimumSamples: number,
    readonly sampleRateHz: number,
  ) {
    super(`a signal of ${samples} samples at ${sampleRateHz} Hz is shorter than one model window: send at least ${minimumSamples} samples`);
    this.name = 'SignalTooShortError';
  }
}
