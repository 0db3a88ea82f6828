/**
 * A local Zoom account for tests, the benchmark and the demo: a real HTTP server on 127.0.0.1 that behaves like
 * Zoom's user-settings API (zoom-api-facts.md §2, §3, §5, §6), with rate limits, errors and quirks. It is the
 * reconciler's independent referee, so it imports only src/schema/ and node built-ins.
 */
export { startSimulator } from './server.js';
export { AUTH_PROFILES, type AuthProfile } from './auth-profiles.js';
export { generatedEmail } from './account.js';
export { PLAN_MEDIUM_RPS, FREE_DAILY_MEDIUM, nextUtcMidnight } from './rate-limits.js';
export { MASK } from './secret-values.js';
export { SYSTEM_CLOCK } from './types.js';
export { signedHeaders, webhookSignature, encryptedToken, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signing.js';
export { checkUrlValidation, ZOOM_RETRY_DELAYS_MS, ZOOM_DELIVERY_TIMEOUT_MS } from './webhook-delivery.js';
export { SETTINGS_EVENT_NAMES } from './webhook-events.js';
export type { SettingsEvent, SettingsEventName } from './webhook-events.js';
export type { ValidationCheck, WebhookDelivery, WebhookOptions } from './webhook-delivery.js';
export type { PortalChange, PortalLogEntry, PortalResult, PortalTarget } from './portal.js';
export type { GroupSeed, HierarchySeed, LevelSeed, LockedPatchMode } from './hierarchy.js';
export type {
  Clock,
  FaultKind,
  FaultOptions,
  LockSpec,
  Plan,
  RateLimitType,
  RequestLogEntry,
  SeedUser,
  SimUserSnapshot,
  SimUserSummary,
  SimulatorCounters,
  SimulatorHandle,
  SimulatorOptions,
  UserStatus,
} from './types.js';
