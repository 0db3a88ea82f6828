/**
 * What is compared: live settings are projected onto the desired keys and both sides normalised, so that only
 * real differences become PATCHes. Each normalisation and its reason:
 * 1. Loosely typed values: Zoom's GET sometimes returns booleans and numbers as strings ("true", "90"), and some
 *    enums as plain strings (recording_notification_for_zoom_client, zoom-api-facts.md §4.1). A live value is coerced
 *    to the schema's type when it is an unambiguous spelling of it.
 * 2. Lists whose order has no meaning (data_center_regions, block_user_domain_list, live_streaming_service,
 *    sign-language languages): compared as sets (sorted, duplicates removed). The request still sends the list as
 *    the admin wrote it (§7.3: arrays are replaced whole).
 * 3. Comma-separated domain lists ("a.com, B.com"): compared as sets of trimmed, lower-cased domains.
 */
import type { FieldSchema } from '../../schema/index.js';

const SET_LISTS = new Set([
  'data_center_regions',
  'block_user_domain_list',
  'live_streaming_service',
  'languages',
  'custom_languages',
]);
const DOMAIN_STRINGS = new Set(['whitelisted_domains_for_waiting_room', 'domains']);

/** Normalises one leaf value for comparison. `name` is the leaf's key; `field` its schema (if any). */
export function normalizeLeaf(name: string, field: FieldSchema | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const type = field?.type;
  if (type === 'boolean' && typeof value === 'string') {
    if (value === 'true') return true;
    if (value === 'false') return false;
  }
  if (type === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  if (DOMAIN_STRINGS.has(name) && typeof value === 'string') return domainSet(value);
  if (Array.isArray(value)) {
    const items = field?.items ? value.map((item) => normalizeLeaf('', field.items, item)) : value;
    if (SET_LISTS.has(name) && items.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return [...new Set(items as Array<string | number>)].sort();
    }
    return items;
  }
  return value;
}

function domainSet(value: string): string {
  const domains = value
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d.length > 0);
  return [...new Set(domains)].sort().join(',');
}
