/**
 * The shape of Zoom's user-settings schema as this project uses it: one tree per body variant of
 * `PATCH /users/{userId}/settings`, keyed by (variant, path) because the same name can mean different
 * things in different variants (zoom-api-facts.md §4.5: `pmi_password` is a string passcode in
 * `schedule_meeting` and a boolean in `meeting_security`).
 */

/** The `option` query parameter of GET/PATCH /users/{userId}/settings; `default` means no option. */
export type Variant = 'default' | 'meeting_security' | 'meeting_authentication' | 'recording_authentication';

export const VARIANTS: readonly Variant[] = [
  'default',
  'meeting_security',
  'meeting_authentication',
  'recording_authentication',
];

/** The comparison rules the schema overlay can mark a field with (core/compare/leaf.ts). */
export type CompareAs = 'set' | 'domain-set';

export type FieldType = 'boolean' | 'integer' | 'string' | 'object' | 'array';

export interface FieldSchema {
  type: FieldType;
  /** First sentence of the spec's description. */
  description?: string;
  enum?: Array<string | number>;
  /** For coded integers: Zoom's explanation of each value, from the spec's description ("2" → "Host and co-hosts only"). */
  enumLabels?: Record<string, string>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  /** A regular expression the whole value must match (from the overlay, overlay.ts). */
  pattern?: string;
  /** Bounds that only warn: Zoom probably enforces them but no source states the exact range (overlay.ts). */
  advisory?: { minimum?: number; maximum?: number; enum?: Array<string | number>; note: string };
  /** The Zoom document behind bounds the spec omits (overlay.ts). */
  boundsSource?: string;
  /**
   * How values of this field compare when the order or spelling Zoom returns carries no meaning (overlay.ts):
   * `set`, a list compared as a set of items; `domain-set`, a comma-separated string of domains compared as a set of
   * trimmed, lower-cased domains. Absent: compared as written (after loose types are read as the schema's type).
   */
  compareAs?: CompareAs;
  default?: string | number | boolean;
  deprecated?: true;
  /** In the PATCH body schema of this variant. A field GET returns but PATCH lacks is not settable (§4.4). */
  settable: boolean;
  /** In the GET 200 schema of this variant. */
  readable: boolean;
  /** A passcode-valued string: never written to git, logs, plans or journals (§4.3). */
  secret?: true;
  /** Assigns licences or invalidates existing meetings: needs an explicit opt-in (§4.3). */
  highImpact?: true;
  properties?: Record<string, FieldSchema>;
  items?: FieldSchema;
}

export interface VariantSchema {
  variant: Variant;
  /** The `option` query value, or null for the default variant. */
  option: Exclude<Variant, 'default'> | null;
  root: FieldSchema;
}

export interface SettingsSchema {
  /** sha256 of the vendored OpenAPI document the schema was generated from. */
  sourceSha256: string;
  sourceTitle: string;
  variants: Record<Variant, VariantSchema>;
}
