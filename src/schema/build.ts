/**
 * Derives the per-variant settings schema from Zoom's official Users OpenAPI document.
 * Pure: takes the parsed document, returns data. Run through `npm run schema`, which writes
 * src/schema/generated/; a test regenerates it in memory and fails when the committed copy is stale.
 */
import { SCHEMA_OVERLAY, type OverlayEntry } from './overlay.js';
import type { FieldSchema, FieldType, SettingsSchema, Variant, VariantSchema } from './types.js';

export interface OpenApiNode {
  type?: string;
  description?: string;
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
  deprecated?: boolean;
  properties?: Record<string, OpenApiNode>;
  items?: OpenApiNode;
  oneOf?: OpenApiNode[];
  title?: string;
}

const SETTINGS_PATH = '/users/{userId}/settings';
const OPTION_LISTS = new Set(['allowed_values', 'allowed_countries']);

/** Passcode-valued strings (§4.3). Enumerated strings such as require_password_for_pmi_meetings are policies, not secrets. */
function isSecretLeaf(name: string, node: OpenApiNode): boolean {
  return node.type === 'string' && !node.enum && /(password|passcode)/i.test(name);
}

/**
 * High impact (§4.3): every feature.* field assigns or removes licences (feature.zoom_phone=false unassigns
 * phone numbers); schedule_meeting.personal_meeting=false invalidates meetings scheduled with the PMI.
 */
function isHighImpact(variant: Variant, path: readonly string[]): boolean {
  // Items of a high-impact list are covered by the list's own opt-in.
  if (variant !== 'default' || path.includes('[]')) return false;
  if (path[0] === 'feature' && path.length >= 2) return true;
  return path.length === 2 && path[0] === 'schedule_meeting' && path[1] === 'personal_meeting';
}

export function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const plain = text
    .split(/\n\s*[*-] |:\s*\n/)[0]! // stop before a bullet list
    .replace(/&mdash;/g, '—')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // markdown links → their text
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const match = /^(.+?[.!?])(\s|$)/.exec(plain);
  const sentence = (match ? match[1]! : plain).trim();
  return sentence.length > 0 ? sentence : undefined;
}

function asFieldType(type: string | undefined, where: string): FieldType {
  switch (type) {
    case 'boolean':
    case 'integer':
    case 'string':
    case 'object':
    case 'array':
      return type;
    case 'number':
      return 'integer';
    case undefined:
      return 'object';
    default:
      throw new Error(`unsupported schema type ${String(type)} at ${where}`);
  }
}

/**
 * Zoom's spec explains coded integers in the description ("* `2` - Participants can only save host and co-host
 * meeting chats."): those labels, keyed by value, so a plan reads `2 (…) → 3 (…)` instead of bare numbers. Only when
 * at least two values are explained and, for an enum, every explained value is one of its members.
 */
export function enumLabels(description: string | undefined, members?: ReadonlyArray<string | number>): Record<string, string> | undefined {
  if (!description) return undefined;
  const text = description.replace(/&mdash;/g, '-').replace(/<\/?del>/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ');
  const labels: Record<string, string> = {};
  const item = /(?:^|\s)(?:\*\s*)?`?(-?\d+)`?\s+-\s+(.+?)(?=\s+(?:\*\s*)?`-?\d+`?\s+-\s|\s+\*\*Note|\s+\*\s|$)/g;
  for (const m of text.matchAll(item)) {
    const label = m[2]!.trim().replace(/[.:]$/, '').trim();
    if (label && label.length <= 160) labels[m[1]!] = label;
  }
  const values = Object.keys(labels);
  if (values.length < 2) return undefined;
  if (members && !values.every((v) => members.map(String).includes(v))) return undefined;
  return labels;
}

function isScalarDefault(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Merges the PATCH node and the GET node of one field. Constraints come from PATCH where the field is
 * settable (GET sometimes loosens them: recording_notification_for_zoom_client is an enum in PATCH and a
 * plain string in GET, §4.1), from GET otherwise.
 */
export function mergeField(
  variant: Variant,
  path: string[],
  patch: OpenApiNode | undefined,
  get: OpenApiNode | undefined,
): FieldSchema {
  const primary = (patch ?? get)!;
  const where = `${variant}:${path.join('.')}`;
  const name = path[path.length - 1] ?? '';
  const field: FieldSchema = {
    type: asFieldType(primary.type ?? (primary.properties ? 'object' : undefined), where),
    // `allowed_values` / `allowed_countries` are option lists Zoom offers, not settings (§4.4), even where
    // the PATCH schema lists them (profile.recording_storage_location.allowed_values).
    settable: patch !== undefined && !OPTION_LISTS.has(name),
    readable: get !== undefined,
  };
  const description = firstSentence(primary.description ?? get?.description);
  if (description) field.description = description;
  if (primary.enum) field.enum = [...primary.enum];
  if (field.type === 'integer') {
    const labels = enumLabels(primary.description ?? get?.description, field.enum);
    if (labels) field.enumLabels = labels;
  }
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'maxItems'] as const) {
    const value = primary[key];
    if (typeof value === 'number') field[key] = value;
  }
  if (isScalarDefault(primary.default)) field.default = primary.default;
  if (primary.deprecated || get?.deprecated) field.deprecated = true;
  if (isSecretLeaf(name, primary)) field.secret = true;
  if (isHighImpact(variant, path)) field.highImpact = true;

  if (field.type === 'object') {
    const names = new Set([...Object.keys(patch?.properties ?? {}), ...Object.keys(get?.properties ?? {})]);
    if (names.size > 0) {
      field.properties = {};
      for (const child of [...names].sort()) {
        field.properties[child] = mergeField(variant, [...path, child], patch?.properties?.[child], get?.properties?.[child]);
      }
    }
  } else if (field.type === 'array') {
    const patchItems = patch?.items;
    const getItems = get?.items;
    if (patchItems || getItems) {
      field.items = mergeField(variant, [...path, '[]'], patch ? patchItems : undefined, getItems);
      // An item of a settable array is settable with it; the array's own flags decide.
      field.items.settable = field.settable;
      field.items.readable = field.readable;
    }
  }
  return field;
}

export function settingsOperation(doc: unknown, settingsPath = SETTINGS_PATH): { patch: OpenApiNode[]; get: OpenApiNode[] } {
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> }).paths;
  const op = paths?.[settingsPath];
  if (!op) throw new Error(`the OpenAPI document has no ${settingsPath} path`);
  const patchSchema = (op.patch as { requestBody: { content: Record<string, { schema: OpenApiNode }> } }).requestBody.content['application/json']!.schema;
  const getSchema = (op.get as { responses: Record<string, { content: Record<string, { schema: OpenApiNode }> }> }).responses['200']!.content['application/json']!.schema;
  return { patch: patchSchema.oneOf ?? [], get: getSchema.oneOf ?? [] };
}

export function findByProperty(nodes: OpenApiNode[], property: string): OpenApiNode {
  const found = nodes.find((node) => node.properties && property in node.properties);
  if (!found) throw new Error(`no body variant with property ${property}`);
  return found;
}

/** The authentication body variants are a nested oneOf: one shape for meetings, one for recordings. */
function findAuthVariant(nodes: OpenApiNode[], toggle: string): OpenApiNode {
  for (const node of nodes) {
    for (const inner of node.oneOf ?? []) {
      if (inner.properties && toggle in inner.properties) return inner;
    }
  }
  throw new Error(`no authentication variant with toggle ${toggle}`);
}

export function variantSchema(variant: Variant, patch: OpenApiNode, get: OpenApiNode): VariantSchema {
  const root = mergeField(variant, [], { ...patch, type: 'object' }, { ...get, type: 'object' });
  delete root.description;
  return { variant, option: variant === 'default' ? null : variant, root };
}

/** The four body variants of a settings endpoint (user, group or account: the same `option` shapes). */
export function settingsVariants(patch: OpenApiNode[], get: OpenApiNode[]): Record<Variant, VariantSchema> {
  return {
    default: variantSchema('default', findByProperty(patch, 'in_meeting'), findByProperty(get, 'in_meeting')),
    meeting_security: variantSchema('meeting_security', findByProperty(patch, 'meeting_security'), findByProperty(get, 'meeting_security')),
    meeting_authentication: variantSchema(
      'meeting_authentication',
      findAuthVariant(patch, 'meeting_authentication'),
      findAuthVariant(get, 'meeting_authentication'),
    ),
    recording_authentication: variantSchema(
      'recording_authentication',
      findAuthVariant(patch, 'recording_authentication'),
      findAuthVariant(get, 'recording_authentication'),
    ),
  };
}

function overlayField(root: FieldSchema, entry: OverlayEntry): FieldSchema | undefined {
  let field: FieldSchema | undefined = root;
  for (const step of entry.path) {
    if (step === '[]') field = field?.items;
    else field = field?.properties && Object.hasOwn(field.properties, step) ? field.properties[step] : undefined;
  }
  return field;
}

function markComparison(field: FieldSchema, entry: OverlayEntry): void {
  if (!entry.compareAs) return;
  const fits = entry.compareAs === 'set' ? field.type === 'array' : field.type === 'string';
  if (!fits) throw new Error(`schema overlay: ${entry.variant}:${entry.path.join('.')} is a ${field.type}, not comparable as ${entry.compareAs}`);
  field.compareAs = entry.compareAs;
}

/** Applies the overlay (overlay.ts); an entry whose path the spec no longer has fails the generation. */
export function applyOverlay(schema: SettingsSchema, overlay: readonly OverlayEntry[] = SCHEMA_OVERLAY): SettingsSchema {
  for (const entry of overlay) {
    const field = overlayField(schema.variants[entry.variant].root, entry);
    if (!field) throw new Error(`schema overlay: ${entry.variant}:${entry.path.join('.')} is not in the spec`);
    if (entry.bounds) Object.assign(field, entry.bounds);
    if (entry.advisory) field.advisory = entry.advisory;
    if (entry.bounds || entry.advisory) field.boundsSource = entry.source;
    markComparison(field, entry);
  }
  return schema;
}

/**
 * The overlay's comparison marks on an account or group level's settings: values compare there as they do for users
 * (the same fields, read through the same seam). A path the level lacks is skipped.
 */
export function applyComparisons(variants: Partial<Record<Variant, VariantSchema>>, overlay: readonly OverlayEntry[] = SCHEMA_OVERLAY): void {
  for (const entry of overlay) {
    const root = variants[entry.variant]?.root;
    const field = root && overlayField(root, entry);
    if (field) markComparison(field, entry);
  }
}

export function buildSettingsSchema(doc: unknown, sourceSha256: string, overlay: readonly OverlayEntry[] = SCHEMA_OVERLAY): SettingsSchema {
  const { patch, get } = settingsOperation(doc);
  const title = (doc as { info?: { title?: string } }).info?.title ?? 'unknown';
  return applyOverlay({ sourceSha256, sourceTitle: title, variants: settingsVariants(patch, get) }, overlay);
}
