/**
 * Bounds Zoom enforces but its OpenAPI document omits (zoom-api-facts.md §9), applied on top of the generated schema
 * by build.ts. Each entry cites its source. `bounds` are refused by `validate` like the spec's own; `advisory` bounds
 * (no Zoom source states the exact range) only warn.
 */
import type { Variant } from './types.js';

export interface Advisory {
  minimum?: number;
  maximum?: number;
  enum?: Array<string | number>;
  /** Why it is only a warning, and where the values come from. */
  note: string;
}

export interface OverlayEntry {
  variant: Variant;
  path: string[];
  bounds?: { minimum?: number; maximum?: number; pattern?: string };
  advisory?: Advisory;
  /** The Zoom document behind the bounds. */
  source: string;
}

/**
 * Zoom meeting passcodes are at most 10 characters (Meetings API, POST /users/{userId}/meetings `password`: "can have
 * a maximum of 10 characters"; the Users spec bounds the sibling recording.recording_password_requirement.length to
 * 10), so a minimum length above 10 can never be met. No Zoom source states the lowest accepted minimum: below 1 warns.
 */
const PASSCODE_LENGTH: Pick<OverlayEntry, 'bounds' | 'advisory' | 'source'> = {
  bounds: { maximum: 10 },
  advisory: { minimum: 1, note: 'no Zoom source states the lowest minimum passcode length Zoom accepts' },
  source:
    'Zoom Meetings API: a meeting passcode "can have a maximum of 10 characters"; Users API: recording_password_requirement.length has maximum 10',
};

/**
 * Communications content storage: the spec says "the abbreviated country code" (Zoom's Countries abbreviation list,
 * developers.zoom.us/docs/api/rest/other-references/abbreviation-lists/#countries): two capital letters. The regions
 * Zoom offers are listed in support article KB0066478 ("Managing the communications content storage location"):
 * United States, Australia, Brazil, Canada, Germany, Japan, Singapore, and later Mexico and Switzerland. The list
 * grows, so another code only warns.
 */
const STORAGE_LOCATION: Pick<OverlayEntry, 'bounds' | 'advisory' | 'source'> = {
  bounds: { pattern: '^[A-Z]{2}$' },
  advisory: {
    enum: ['US', 'AU', 'BR', 'CA', 'DE', 'JP', 'SG', 'MX', 'CH'],
    note: 'Zoom support article KB0066478 lists these storage regions; Zoom adds regions over time',
  },
  source: 'Users API spec: "The abbreviated country code" (Zoom Countries abbreviation list); support.zoom.com KB0066478',
};

export const SCHEMA_OVERLAY: readonly OverlayEntry[] = [
  { variant: 'meeting_security', path: ['meeting_security', 'meeting_password_requirement', 'length'], ...PASSCODE_LENGTH },
  { variant: 'default', path: ['schedule_meeting', 'meeting_password_requirement', 'length'], ...PASSCODE_LENGTH },
  { variant: 'default', path: ['recording', 'recording_password_requirement', 'length'], ...PASSCODE_LENGTH },
  { variant: 'default', path: ['profile', 'recording_storage_location', 'value'], ...STORAGE_LOCATION },
];
