/**
 * What Zoom's OpenAPI document omits, applied on top of the generated schema by build.ts. Each entry cites its
 * source.
 * - Bounds Zoom enforces (zoom-api-facts.md §9): `bounds` are refused by `validate` like the spec's own; `advisory`
 *   bounds (no Zoom source states the exact range) only warn.
 * - How values compare (`compareAs`, COMPARISONS below): which lists are sets and which strings are domain lists.
 *   Every comparison of setting values reads it (core/compare), for users and, where the path exists there, for
 *   the account and group levels (build-hierarchy.ts).
 */
import type { CompareAs, Variant } from './types.js';

export interface Advisory {
  minimum?: number;
  maximum?: number;
  enum?: Array<string | number>;
  /** Why it is only a warning, and where the values come from. */
  note: string;
}

export interface OverlayEntry {
  variant: Variant;
  /** Object keys; `[]` steps into a list's items. */
  path: string[];
  bounds?: { minimum?: number; maximum?: number; pattern?: string };
  advisory?: Advisory;
  compareAs?: CompareAs;
  /** The Zoom document behind the entry. */
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


/**
 * Lists whose order carries no meaning. Zoom's spec gives each as a selection out of a fixed choice (region codes,
 * languages, streaming services: enums of the items) or a list of domains, never as a ranking, and does not say that
 * GET returns them in the order PATCH sent them (zoom-api-facts.md §7.3: "compare as sets where order has no
 * meaning"; the request still sends the whole list as the admin wrote it). Compared as sets: sorted, duplicates
 * removed.
 */
const SET_LIST = (what: string): Pick<OverlayEntry, 'compareAs' | 'source'> => ({
  compareAs: 'set',
  source: `Zoom Users API spec: ${what}; zoom-api-facts.md §7.3 (arrays are replaced whole, compared as sets where order has no meaning)`,
});

/**
 * Strings holding comma-separated domains: the spec's example is `"example.com,example2.com"` (§3 variants table:
 * `"domains": "a.com,b.com"`); domain names are case-insensitive (RFC 4343) and the spacing after a comma carries no
 * meaning. Compared as sets of trimmed, lower-cased domains.
 */
const DOMAIN_LIST = (what: string): Pick<OverlayEntry, 'compareAs' | 'source'> => ({
  compareAs: 'domain-set',
  source: `Zoom Users API spec: ${what}; domain names are case-insensitive (RFC 4343)`,
});

const COMPARISONS: readonly OverlayEntry[] = [
  { variant: 'default', path: ['in_meeting', 'data_center_regions'], ...SET_LIST('"a comma-separated list of the following data center regions to opt in to", items an enum of region codes') },
  { variant: 'default', path: ['in_meeting', 'language_interpretation', 'languages'], ...SET_LIST('"A list of system-supported languages", items an enum') },
  { variant: 'default', path: ['in_meeting', 'language_interpretation', 'custom_languages'], ...SET_LIST('"A list of user-defined supported languages"') },
  { variant: 'default', path: ['in_meeting', 'sign_language_interpretation', 'languages'], ...SET_LIST('"A list of system-supported languages", items an enum') },
  { variant: 'default', path: ['in_meeting', 'sign_language_interpretation', 'custom_languages'], ...SET_LIST('"A list of user-defined supported languages"') },
  { variant: 'default', path: ['in_meeting', 'webinar_live_streaming', 'live_streaming_service'], ...SET_LIST('"The available livestreaming services", items an enum') },
  { variant: 'meeting_security', path: ['meeting_security', 'block_user_domain_list'], ...SET_LIST('"The domain to block, up to 20 domains"') },
  {
    variant: 'meeting_security',
    path: ['meeting_security', 'waiting_room_settings', 'whitelisted_domains_for_waiting_room'],
    ...DOMAIN_LIST('"a comma-separated list of the domains that can bypass the Waiting Room (`"example.com,example2.com"`)"'),
  },
  { variant: 'meeting_authentication', path: ['authentication_options', '[]', 'domains'], ...DOMAIN_LIST('authentication_option "domains": "a.com,b.com"') },
  { variant: 'recording_authentication', path: ['authentication_options', '[]', 'domains'], ...DOMAIN_LIST('authentication_option "domains": "a.com,b.com"') },
];

export const SCHEMA_OVERLAY: readonly OverlayEntry[] = [
  { variant: 'meeting_security', path: ['meeting_security', 'meeting_password_requirement', 'length'], ...PASSCODE_LENGTH },
  { variant: 'default', path: ['schedule_meeting', 'meeting_password_requirement', 'length'], ...PASSCODE_LENGTH },
  { variant: 'default', path: ['recording', 'recording_password_requirement', 'length'], ...PASSCODE_LENGTH },
  { variant: 'default', path: ['profile', 'recording_storage_location', 'value'], ...STORAGE_LOCATION },
  ...COMPARISONS,
];
