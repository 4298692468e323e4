export { resample, resampleWithPlan, planResampling, cachedPlan, resampledLength, MAX_PHASES } from './signal/polyphase.resampler';
export type { ResamplingPlan } from './signal/polyphase.resampler';
export { defaultLowPass, STOPBAND_ATTENUATION_DB } from './signal/anti-alias.filter';
export type { LowPassDesign } from './signal/anti-alias.filter';
export { windowStarts } from './signal/window.slicer';
export { normaliseWindow } from './signal/window.normaliser';
export type { WindowShape } from './signal/window.normaliser';
export { temperatureStats } from './context/temperature.stats';
export type { TemperatureStats } from './context/temperature.stats';
export { CONTEXT_FEATURES, CONTEXT_SIZE, REFERENCE_RPM } from './context/context.features';
export type { ContextFeature } from './context/context.features';
export { LOG_FEATURE_SIZE, MAX_LOG_CHARACTERS, logFeatures, normaliseLogText } from './text/maintenance-log.featuriser';
export {
  MODEL_SAMPLE_RATE_HZ,
  WINDOW_SAMPLES,
  DEFAULT_HOP_SAMPLES,
  MIN_SAMPLE_RATE_HZ,
  MAX_SAMPLE_RATE_HZ,
  FAULT_LABELS,
  TELEMETRY_FEATURE_SPEC,
  INPUT_VIBRATION,
  INPUT_CONTEXT,
  INPUT_LOG,
} from './model/telemetry-model.constants';
export type { FaultLabel } from './model/telemetry-model.constants';
export { buildModelInputs, minimumSamples, validateSignal } from './model/model-inputs.builder';
export type { TelemetrySignal, ModelTensor, ModelInputs, BuildOptions } from './model/model-inputs.builder';
export { InvalidTelemetryError, SignalTooShortError } from './model/telemetry-input.errors';
export { summariseWindowPredictions } from './model/window-predictions.summary';
export type { SignalPrediction } from './model/window-predictions.summary';
export {
  DEFAULT_ALERT_POLICY,
  FAULTS,
  INITIAL_FAULT_RISK_STATE,
  checkAlertPolicy,
  faultRisks,
  stepFaultRisk,
  trackAssetRisk,
} from './alerts/alert-hysteresis';
export type { AlertEvent, AlertPolicy, AlertTransition, AssetRiskTrack, Fault, FaultRiskState, FaultRiskStep, WindowRisk } from './alerts/alert-hysteresis';
export { countWindows } from './batches/batch-windows';
