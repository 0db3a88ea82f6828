/**
 * PATCH body validation against one variant's PATCH schema. Zoom answers every problem at once as
 * `{code: 300, message: 'Validation Failed.', errors: [{field, message}]}` (zoom-api-facts.md §2), with the dotted
 * path of the field. GET-only fields are refused like unknown ones: §4.4 says sending them risks a 300, and the
 * simulator takes the strict reading so a reconciler that sends them is caught.
 */
import { SETTINGS_SCHEMA, type FieldSchema, type Variant } from '../schema/index.js';
import { AUTH_PROFILES, isAuthVariant } from './auth-profiles.js';
import { isPlainObject } from './settings-paths.js';

export interface FieldError {
  field: string;
  message: string;
}

/** Every problem of a PATCH body against a schema root (a user variant's, or an account's or group's). */
export function validateAgainst(root: FieldSchema, body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  validateProperties(root, body, '', errors);
  return errors;
}

export function validatePatchBody(variant: Variant, body: Record<string, unknown>): FieldError[] {
  const errors = validateAgainst(SETTINGS_SCHEMA.variants[variant].root, body);
  if (isAuthVariant(variant) && isPlainObject(body.authentication_option)) {
    const option = body.authentication_option;
    for (const required of ['action', 'id']) {
      if (option[required] === undefined) errors.push({ field: `authentication_option.${required}`, message: 'Required.' });
    }
    // User-level PATCH can only address profiles that exist on the account (§3, §7.6).
    if (typeof option.id === 'string' && !AUTH_PROFILES[variant].some((p) => p.id === option.id)) {
      errors.push({ field: 'authentication_option.id', message: `Authentication option does not exist: ${option.id}.` });
    }
  }
  return errors;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function validateProperties(field: FieldSchema, value: Record<string, unknown>, path: string, errors: FieldError[]): void {
  for (const [key, child] of Object.entries(value)) {
    // Own properties only: a key such as __proto__ or constructor must not find Object.prototype's members.
    const schema = field.properties && Object.hasOwn(field.properties, key) ? field.properties[key] : undefined;
    const childPath = join(path, key);
    if (!schema || !schema.settable) errors.push({ field: childPath, message: 'Invalid field.' });
    else validateValue(schema, child, childPath, errors);
  }
}

function validateValue(field: FieldSchema, value: unknown, path: string, errors: FieldError[]): void {
  const fail = (message: string): void => {
    errors.push({ field: path, message });
  };
  switch (field.type) {
    case 'object':
      if (!isPlainObject(value)) return fail('Invalid field type: expected object.');
      // An object without declared properties (e.g. tsp.call_out_countries items) takes any keys.
      if (field.properties && Object.keys(field.properties).length > 0) validateProperties(field, value, path, errors);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('Invalid field type: expected boolean.');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('Invalid field type: expected integer.');
      checkEnum(field, value, fail);
      if (field.minimum !== undefined && value < field.minimum) fail(`Invalid value: must be at least ${field.minimum}.`);
      if (field.maximum !== undefined && value > field.maximum) fail(`Invalid value: must be at most ${field.maximum}.`);
      return;
    case 'string':
      if (typeof value !== 'string') return fail('Invalid field type: expected string.');
      checkEnum(field, value, fail);
      if (field.minLength !== undefined && value.length < field.minLength) {
        fail(`Invalid value: must be at least ${field.minLength} characters.`);
      }
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        fail(`Invalid value: must be at most ${field.maxLength} characters.`);
      }
      if (field.pattern !== undefined && !new RegExp(field.pattern).test(value)) fail('Invalid value.');
      return;
    case 'array':
      if (!Array.isArray(value)) return fail('Invalid field type: expected array.');
      if (field.maxItems !== undefined && value.length > field.maxItems) fail(`Invalid value: at most ${field.maxItems} items.`);
      if (field.items) value.forEach((item, i) => validateValue(field.items!, item, `${path}[${i}]`, errors));
      return;
  }
}

function checkEnum(field: FieldSchema, value: string | number, fail: (message: string) => void): void {
  if (field.enum && !field.enum.includes(value)) fail(`Invalid value: must be one of ${field.enum.join(', ')}.`);
}
