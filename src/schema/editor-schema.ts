/**
 * JSON Schemas for the desired-state files, for editors (VS Code's YAML extension reads the
 * `# yaml-language-server: $schema=...` line on top of each file). They describe the same format the
 * validator checks; the validator stays the authority (it also checks cross-file rules and positions).
 */
import type { FieldSchema, SettingsSchema, VariantSchema } from './types.js';
import type { HierarchySchema, LevelSchema } from './hierarchy-types.js';

type Json = Record<string, unknown>;

export const SECRET_REFERENCE_SCHEMA: Json = {
  type: 'object',
  description: 'A secret is never written in the repository: name the environment variable that holds it.',
  properties: { env: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' } },
  required: ['env'],
  additionalProperties: false,
};

function describe(field: FieldSchema): Json {
  const out: Json = {};
  if (field.description) out.description = field.description;
  if (field.deprecated) out.deprecated = true;
  return out;
}

function fieldToJsonSchema(field: FieldSchema): Json | undefined {
  // Write-only fields (settable, never returned by GET) are refused by validate: the tool cannot verify them.
  if (!field.settable || !field.readable) return undefined;
  if (field.secret) return { ...SECRET_REFERENCE_SCHEMA, ...describe(field) };
  const out: Json = { ...describe(field) };
  switch (field.type) {
    case 'object': {
      const properties: Json = {};
      let hasHighImpact = false;
      for (const [name, child] of Object.entries(field.properties ?? {})) {
        const converted = fieldToJsonSchema(child);
        if (!converted) continue;
        properties[name] = converted;
        if (child.highImpact) hasHighImpact = true;
      }
      if (hasHighImpact) {
        properties.allow_high_impact = {
          type: 'boolean',
          description: 'Opt in to the high-impact settings in this mapping (licences, phone numbers, PMI meetings).',
        };
      }
      return { ...out, type: 'object', properties, additionalProperties: false };
    }
    case 'array': {
      out.type = 'array';
      if (field.maxItems !== undefined) out.maxItems = field.maxItems;
      if (field.items) out.items = fieldToJsonSchema(field.items) ?? {};
      return out;
    }
    default: {
      out.type = field.type;
      if (field.enum) out.enum = field.enum;
      for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern'] as const) {
        if (field[key] !== undefined) out[key] = field[key];
      }
      return out;
    }
  }
}

function authenticationBlock(kind: 'meeting' | 'recording', schema: SettingsSchema): Json {
  const variant = schema.variants[`${kind}_authentication`];
  const toggle = variant.root.properties?.[`${kind}_authentication`];
  return {
    type: 'object',
    description: `The ${kind} authentication toggle and the visibility and default of existing authentication profiles.`,
    properties: {
      enabled: { type: 'boolean', description: toggle?.description ?? `Only authenticated users (${kind}s).` },
      profiles: {
        type: 'object',
        description: 'Existing authentication profiles, keyed by their id or their name.',
        additionalProperties: {
          type: 'object',
          properties: {
            visible: { type: 'boolean', description: 'Whether the profile is offered to the user.' },
            default: { type: 'boolean', description: 'Whether the profile is the default (one per block).' },
            domains: { type: 'string', description: 'Comma-separated domains (profiles of type enforce_login_with_domains).' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}

export function settingsJsonSchema(schema: SettingsSchema): Json {
  const root = fieldToJsonSchema(schema.variants.default.root) as Json;
  const properties = root.properties as Json;
  properties.meeting_security = fieldToJsonSchema(schema.variants.meeting_security.root.properties!.meeting_security!);
  properties.meeting_authentication = authenticationBlock('meeting', schema);
  properties.recording_authentication = authenticationBlock('recording', schema);
  return { ...root, description: "A user's Zoom settings: the sections of PATCH /users/{userId}/settings." };
}

const PROFILE_LIST = { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' } };

export function editorSchemaFiles(schema: SettingsSchema): Array<{ name: string; schema: Json }> {
  const settings = settingsJsonSchema(schema);
  const base = (title: string, body: Json): Json => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    definitions: { settings },
    ...body,
  });
  const ref = { $ref: '#/definitions/settings' };
  return [
    {
      name: 'defaults.schema.json',
      schema: base('zoom-settings defaults.yaml', {
        type: 'object',
        properties: { settings: ref },
        additionalProperties: false,
      }),
    },
    {
      name: 'profile.schema.json',
      schema: base('zoom-settings profiles/<name>.yaml', {
        type: 'object',
        properties: { description: { type: 'string' }, extends: PROFILE_LIST, settings: ref },
        additionalProperties: false,
      }),
    },
    {
      name: 'users.schema.json',
      schema: base('zoom-settings users/*.yaml', {
        type: 'object',
        description: 'Users keyed by email address or Zoom user id.',
        additionalProperties: {
          type: ['object', 'null'],
          properties: { profiles: PROFILE_LIST, settings: ref },
          additionalProperties: false,
        },
      }),
    },
  ];
}

/** The default body's sections plus `meeting_security:` from its own variant: the shape of a level's mapping. */
function levelMappingSchema(variants: { default?: VariantSchema; meeting_security?: VariantSchema }, description: string): Json {
  const root = (variants.default ? fieldToJsonSchema(variants.default.root) : { type: 'object', properties: {} }) as Json;
  const properties = (root.properties ?? {}) as Json;
  const security = variants.meeting_security?.root.properties?.meeting_security;
  if (security) properties.meeting_security = fieldToJsonSchema(security);
  return { ...root, properties, description };
}

function levelFile(level: 'account' | 'group', schema: LevelSchema): Json {
  const where = level === 'account' ? '/accounts/{accountId}' : '/groups/{groupId}';
  const properties: Json = {
    settings: levelMappingSchema(schema.settings, `The ${level}'s settings: the sections of PATCH ${where}/settings.`),
    locks: levelMappingSchema(schema.locks, `The ${level}'s locks (PATCH ${where}/lock_settings): true locks a setting for its members.`),
  };
  if (level === 'group') properties.group = { type: 'string', description: "The group's name in Zoom, or its id." };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: level === 'account' ? 'zoom-settings account.yaml' : 'zoom-settings groups/<name>.yaml',
    type: 'object',
    properties,
    ...(level === 'group' ? { required: ['group'] } : {}),
    additionalProperties: false,
  };
}

/** account.schema.json and group.schema.json, from the account and group schemas (Accounts and Users documents). */
export function levelEditorSchemaFiles(hierarchy: HierarchySchema): Array<{ name: string; schema: Json }> {
  return [
    { name: 'account.schema.json', schema: levelFile('account', hierarchy.account) },
    { name: 'group.schema.json', schema: levelFile('group', hierarchy.group) },
  ];
}
