/** The Zoom edge: configuration, client, errors and the injectable time it runs on. */
export { clientConfigFromEnv, rateLimitFor, MEDIUM_LIMITS, DEFAULT_API_BASE_URL, DEFAULT_TOKEN_URL } from './config.js';
export type { ZoomClientConfig, ZoomAuthConfig, ZoomPlan } from './config.js';
export { createZoomClient } from './client.js';
export type { ZoomClient, ZoomClientDeps, ZoomUserSummary } from './client.js';
export type { ClientMetrics } from './metrics.js';
export { ZoomApiError, DailyLimitError, AuthError, MissingScopesError, ZoomUnavailableError, describeZoomCode, REQUIRED_SCOPES_TEXT } from './errors.js';
export type { FieldError, ZoomApiErrorDetails, DailyLimitSource } from './errors.js';
export { RateLimiter } from './rate-limiter.js';
export type { RateLimiterOptions } from './rate-limiter.js';
export { realTimers } from './timers.js';
export type { Clock, Timers } from './timers.js';
