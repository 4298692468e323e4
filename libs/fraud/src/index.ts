export { scoreRequestSchema, CHANNELS, MAX_MEMO_LENGTH } from './request/score-request.schema';
export type { ScoreRequest, Channel, GeoPoint } from './request/score-request.schema';
export type { AccountState, DeviceState, BehaviourState, WindowEvent, DeviceAccountSighting } from './behaviour/behaviour-state.types';
export {
  applyTransaction,
  initialState,
  emptyAccountState,
  emptyDeviceState,
  deviceKeyOf,
  epochMs,
  paymentGeo,
  HOUR_MS,
  DAY_MS,
} from './behaviour/behaviour-state.reducer';
export { BehaviourReplayStore } from './behaviour/behaviour-replay.store';
export { buildFeatures, wallClockHour } from './features/fused-features.builder';
export type { FraudFeatures, FeatureFacts } from './features/fused-features.builder';
export {
  FEATURE_SPEC_NAME,
  FEATURE_SPEC_VERSION,
  TRANSACTION_FEATURES,
  BEHAVIOUR_FEATURES,
  CATEGORICAL_FEATURES,
  DEVICE_FEATURES,
  MODALITIES,
  INPUT_NAMES,
} from './features/feature-spec.constants';
export type { Modality, InputName } from './features/feature-spec.constants';
export { CATEGORY_VOCAB_SIZE, CHANNEL_VOCAB_SIZE, COUNTRY_VOCAB_SIZE, BASE_CATEGORIES, readCategory } from './features/categorical.vocabulary';
export { MEMO_DIM, hashMemo, normaliseMemo } from './features/memo-text.hasher';
export { distanceKm } from './features/geo.util';
export { fnv1a } from './features/hash.util';
export { toModelInputs } from './features/model-inputs.tensor';
export type { ModelInput, ModelInputs } from './features/model-inputs.tensor';
export { REASON_CODES, REASON_GROUPS, occlude } from './reasons/reason-codes.catalog';
export type { ReasonCode, ReasonGroup } from './reasons/reason-codes.catalog';
export { buildOcclusionBatch, explainScores } from './reasons/occlusion.explainer';
export type { Reason, OcclusionBatch } from './reasons/occlusion.explainer';
export { DECISIONS, decide, segmentOf } from './thresholds/decision.rules';
export type { Decision, ThresholdPair } from './thresholds/decision.rules';
export { recalibrateThresholds, thresholdForTailShare } from './thresholds/threshold-recalibration.calculator';
export type {
  CurrentThresholds,
  FeedbackLabel,
  RecalibrationGuardrails,
  RecalibrationOutcome,
  RecalibrationStats,
  ScoredSample,
  ThresholdTargets,
} from './thresholds/threshold-recalibration.calculator';
export { countOutcome, decisionQuality, emptyConfusion } from './thresholds/decision-quality.calculator';
export type { Confusion, DecisionQuality } from './thresholds/decision-quality.calculator';
export { rebuildBehaviourState, storedPaymentOf } from './behaviour-history/behaviour-history.rebuild';
export type { StoredPayment } from './behaviour-history/behaviour-history.rebuild';
export { SeededRandom } from './simulation/seeded-random.util';
export { DEFAULT_DRIFT_STREAM, simulateDriftingStream } from './simulation/drift-stream.simulator';
export type { DecisionFeedback, DriftStreamOptions, PaymentKind, SimulatedPayment } from './simulation/drift-stream.simulator';
export { falsePositivesAtRecall, labelKnownAfterDecision, runDynamic, runFixedThreshold, runStatic, staticThresholds } from './simulation/threshold-drift.experiment';
export type { DriftExperimentOptions, DynamicRun, OperatingPoint, ScoredStreamPayment } from './simulation/threshold-drift.experiment';
export { DEFAULT_RECALIBRATION_GUARDRAILS, DEFAULT_THRESHOLD_TARGETS } from './thresholds/recalibration-defaults.constants';
