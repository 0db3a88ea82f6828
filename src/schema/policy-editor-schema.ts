/**
 * JSON Schemas for policies/*.yaml and exceptions/*.yaml, for editors (the `# yaml-language-server: $schema=`
 * line): completion of every settings path a rule can name, with its type and allowed values. The policy parser
 * (src/core/policy) stays the authority; it also checks what crosses files (rule ids, exceptions' rules).
 */
import { schemaLeaves } from './index.js';
import type { FieldSchema, SettingsSchema } from './types.js';

type Json = Record<string, unknown>;

const NAMES = { type: 'array', items: { type: 'string' } };
const LOCKED_AT = { enum: ['account', 'group', 'any'], description: 'Locked for the subject at the account, at a group (or the account above it), or at either.' };

function valueSchema(field: FieldSchema): Json {
  const out: Json = { type: field.type };
  if (field.enum) out.enum = field.enum;
  if (field.type === 'array' && field.items) out.items = { type: field.items.type };
  return out;
}

function checksOf(value: Json, numeric: boolean): Json {
  const checks: Json = { equals: value, one_of: { type: 'array', items: value, minItems: 1 }, not: value, present: { type: 'boolean' }, locked_at: LOCKED_AT };
  if (numeric) Object.assign(checks, { minimum: { type: 'integer' }, maximum: { type: 'integer' } });
  return { anyOf: [value, { type: 'object', properties: checks, additionalProperties: false, minProperties: 1 }] };
}

/** The requirement forms shared by every setting of a plain type (one definition each, referenced: a small file). */
const SHARED = { boolean: checksOf({ type: 'boolean' }, false), integer: checksOf({ type: 'integer' }, true), string: checksOf({ type: 'string' }, false) };

function requirementSchema(field: FieldSchema): Json {
  const described = (body: Json): Json => (field.description ? { description: field.description, ...body } : body);
  if (field.secret) return described({ type: 'object', properties: { present: { type: 'boolean' } }, additionalProperties: false });
  if (!field.enum && field.type !== 'array' && field.type !== 'object') return described({ allOf: [{ $ref: `#/definitions/${field.type}` }] });
  return described(checksOf(valueSchema(field), field.type === 'integer'));
}

/** Every settings path a rule can name (resolveSettingPath in src/core/policy), from the schema in use. */
function requireProperties(): Json {
  const properties: Json = {};
  for (const variant of ['default', 'meeting_security'] as const) {
    for (const leaf of schemaLeaves(variant, (field) => field.readable)) properties[leaf.path.join('.')] = requirementSchema(leaf.field);
  }
  for (const block of ['meeting_authentication', 'recording_authentication']) {
    properties[`${block}.enabled`] = requirementSchema({ type: 'boolean', settable: true, readable: true, description: `The ${block.replace('_', ' ')} toggle.` });
  }
  return properties;
}

export function policyEditorSchemaFiles(_schema: SettingsSchema): Array<{ name: string; schema: Json }> {
  const rule: Json = {
    type: 'object',
    required: ['id', 'title', 'scope', 'require'],
    properties: {
      id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'A unique id; exceptions name it.' },
      title: { type: 'string' },
      severity: { enum: ['error', 'warning'], description: 'error (default) fails check; warning only reports.' },
      reference: { type: 'string', description: 'E.g. "CIS Zoom 1.1.2".' },
      description: { type: 'string' },
      scope: {
        description: 'all-users, all-groups, account, or users selected by email/id, group membership or profile.',
        anyOf: [
          { enum: ['all-users', 'all-groups', 'account'] },
          { type: 'object', properties: { users: NAMES, groups: NAMES, profiles: NAMES }, additionalProperties: false, minProperties: 1 },
        ],
      },
      require: { type: 'object', description: 'Setting (as under settings:, dotted) → the value it must have, or checks.', properties: requireProperties(), additionalProperties: false, minProperties: 1 },
      max_exception_days: { type: 'integer', minimum: 1, description: 'Exceptions to this rule may expire at most this many days from today.' },
    },
    additionalProperties: false,
  };
  const exception: Json = {
    type: 'object',
    required: ['rule', 'owner', 'reason', 'expires'],
    properties: {
      id: { type: 'string' },
      rule: { type: 'string', description: 'The id of the rule excepted.' },
      users: NAMES,
      groups: NAMES,
      profiles: NAMES,
      account: { type: 'boolean' },
      owner: { type: 'string', description: 'Who answers for the exception (an email address).' },
      reason: { type: 'string' },
      ticket: { type: 'string' },
      expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD; the exception holds through that day.' },
    },
    additionalProperties: false,
  };
  const base = (title: string, key: string, item: Json): Json => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    ...(key === 'rules' ? { definitions: SHARED } : {}),
    type: 'object',
    properties: { [key]: { type: 'array', items: item } },
    additionalProperties: false,
  });
  return [
    { name: 'policies.schema.json', schema: base('zoom-settings policies/*.yaml', 'rules', rule) },
    { name: 'exceptions.schema.json', schema: base('zoom-settings exceptions/*.yaml', 'exceptions', exception) },
  ];
}
