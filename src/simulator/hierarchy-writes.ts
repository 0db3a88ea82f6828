/**
 * PATCH /accounts/{accountId}/settings|lock_settings[?option=…] and PATCH /groups/{groupId}/settings|lock_settings
 * (zoom-api-facts.md §9.10; MEDIUM, limited before any route like every API call). Validated like the user PATCH
 * (validate-body.ts): every problem at once as `{code: 300, message: 'Validation Failed.', errors}` against the
 * level's PATCH schema, GET-only fields refused. A valid body is merged into the level; the values a user GET
 * returns under a lock follow at once, because the hierarchy resolves them on every read (hierarchy.ts).
 */
import { HIERARCHY_SCHEMA, type LockVariant } from '../schema/hierarchy.js';
import type { ApiAnswer } from './api-routes.js';
import { mergeInto, type SimLevel } from './hierarchy.js';
import { levelVariant } from './hierarchy-routes.js';
import { parseJson } from './http-util.js';
import { isPlainObject } from './settings-paths.js';
import { validateAgainst } from './validate-body.js';

export function patchLevel(level: SimLevel, kind: 'account' | 'group', what: 'settings' | 'lock_settings', option: string | null, rawBody: string): ApiAnswer {
  const chosen = levelVariant(kind, what, option);
  if (!('variant' in chosen)) return chosen;
  const parsed = parseJson(rawBody);
  if (!parsed.ok || !isPlainObject(parsed.value)) return { status: 400, body: { code: 300, message: 'Request Body should be a valid JSON object.' } };
  const schema = what === 'lock_settings' ? HIERARCHY_SCHEMA[kind].locks[chosen.variant as LockVariant] : HIERARCHY_SCHEMA[kind].settings[chosen.variant];
  if (!schema) return { status: 400, body: { code: 300, message: `Invalid option: ${option}.` } };
  const errors = validateAgainst(schema.root, parsed.value);
  if (errors.length > 0) return { status: 400, body: { code: 300, message: 'Validation Failed.', errors } };
  const tree = what === 'lock_settings' ? level.locks[chosen.variant as LockVariant] : level.settings[chosen.variant];
  mergeInto(tree, parsed.value);
  return { status: 204, changed: true };
}
