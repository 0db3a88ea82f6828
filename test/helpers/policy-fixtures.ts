/** Issue 17 item 6 ("the smallest form must work as written here"), as the issue writes it, comment lines included. */
import { readFileSync } from 'node:fs';

const ITEM_6 = 'test/fixtures/policy/issue-17-item-6';
export const MEETINGS = readFileSync(`${ITEM_6}/policies/meetings.yaml`, 'utf8');
export const KIOSK = readFileSync(`${ITEM_6}/exceptions/kiosk.yaml`, 'utf8');
