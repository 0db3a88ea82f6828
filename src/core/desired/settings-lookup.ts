/**
 * Which schema a `settings:` or `locks:` mapping is checked and flattened against. A user's settings use the Users
 * document's user schema; account.yaml and groups/*.yaml use the account and group schemas (and their lock-settings
 * schemas) generated from the Accounts and Users documents (schema/build-hierarchy.ts). One lookup per kind of
 * mapping, so validation, flattening and the editor schemas share one notion of "the sections and fields".
 *
 * Sections map to Zoom's `option` variants the same way everywhere: `meeting_security:` is the meeting_security
 * variant (its body is `{meeting_security: {...}}`), every other section is in the default body. The authentication
 * blocks (`meeting_authentication:`, `recording_authentication:`) exist only for users: at the account and group
 * level Zoom manages authentication profiles themselves (create, delete), which this tool does not model.
 */
import { fieldAt, childField, DEFAULT_SECTIONS, type FieldSchema, type Variant, type VariantSchema } from '../../schema/index.js';
import { levelSchema, type Level, type LockVariant } from '../../schema/hierarchy.js';

export interface SettingsLookup {
  /** What the mapping is, for messages: "settings" or "locks". */
  what: 'settings' | 'locks';
  /** The sections a mapping may hold, in schema order. */
  sections: readonly string[];
  /** Whether `meeting_authentication:` / `recording_authentication:` blocks are allowed (users only). */
  authBlocks: boolean;
  /** The field at `path` (object keys) of a variant, or undefined. */
  field(variant: Variant, path: readonly string[]): FieldSchema | undefined;
}

export const USER_LOOKUP: SettingsLookup = {
  what: 'settings',
  sections: [...DEFAULT_SECTIONS, 'meeting_security', 'meeting_authentication', 'recording_authentication'],
  authBlocks: true,
  field: fieldAt,
};

function settableSections(schema: VariantSchema | undefined): string[] {
  const properties = schema?.root.properties ?? {};
  return Object.keys(properties).filter((name) => properties[name]!.settable);
}

function walk(root: FieldSchema | undefined, path: readonly string[]): FieldSchema | undefined {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    node = step === '[]' ? node.items : childField(node, step);
  }
  return node;
}

function levelLookup(level: Level, what: 'settings' | 'locks'): SettingsLookup {
  const schema = levelSchema(level);
  const variantSchema = (variant: Variant): VariantSchema | undefined => {
    if (what === 'settings') return Object.hasOwn(schema.settings, variant) ? schema.settings[variant] : undefined;
    return variant === 'default' || variant === 'meeting_security' ? schema.locks[variant as LockVariant] : undefined;
  };
  const defaults = settableSections(variantSchema('default')).filter((name) => name !== 'meeting_security');
  const security = variantSchema('meeting_security')?.root.properties?.meeting_security ? ['meeting_security'] : [];
  return {
    what,
    sections: [...defaults, ...security],
    authBlocks: false,
    field: (variant, path) => walk(variantSchema(variant)?.root, path),
  };
}

export const LEVEL_LOOKUPS: Readonly<Record<Level, { settings: SettingsLookup; locks: SettingsLookup }>> = {
  account: { settings: levelLookup('account', 'settings'), locks: levelLookup('account', 'locks') },
  group: { settings: levelLookup('group', 'settings'), locks: levelLookup('group', 'locks') },
};
