/** The scopes the service contracts define (../shared/contracts). A key holds any of them. */
export const SCOPES = [
  'fraud:score',
  'fraud:feedback',
  'fraud:admin',
  'records:write',
  'records:read',
  'records:review',
  // Not in the records contract, which names no admin scope; the queue dashboard needs one.
  'records:admin',
  'telemetry:write',
  'telemetry:read',
  'telemetry:admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Who is calling: resolved from an API key by the guard on every route that is not public. */
export interface Principal {
  tenantId: string;
  keyId: string;
  scopes: readonly Scope[];
}
