import { describe, expect, it } from '@jest/globals';
import { DailyLimitError, ZoomApiError, type ZoomApiErrorDetails } from '../../src/zoom/index.js';

const base: ZoomApiErrorDetails = {
  method: 'PATCH',
  path: '/users/x/settings?option=meeting_security',
  option: 'meeting_security',
  userId: 'x',
  status: 400,
  code: 300,
  zoomMessage: 'Validation Failed.',
  fieldErrors: [{ field: 'in_meeting.foo', message: 'Invalid field.' }],
  attempts: 1,
};

describe('ZoomApiError messages', () => {
  it.each([
    [{}, 'PATCH /users/x/settings?option=meeting_security for x failed: HTTP 400, Zoom code 300 validation failed (in_meeting.foo: Invalid field.)'],
    [
      { method: 'GET', path: '/users/ghost/settings', option: 'default', userId: 'ghost', status: 404, code: 1001, zoomMessage: 'User does not exist: ghost.', fieldErrors: [] },
      'GET /users/ghost/settings for ghost failed: HTTP 404, Zoom code 1001 user does not exist',
    ],
    [
      { status: 400, code: 1120, fieldErrors: [] },
      'PATCH /users/x/settings?option=meeting_security for x failed: HTTP 400, Zoom code 1120 invitation expired (the user never accepted the invitation to join the account; invite them again)',
    ],
    [
      { status: 400, code: 200, zoomMessage: 'Only available for paid accounts.', fieldErrors: [] },
      "PATCH /users/x/settings?option=meeting_security for x failed: HTTP 400, Zoom code 200 the account's plan does not allow it (Only available for paid accounts.)",
    ],
    [
      { status: 401, code: 124, zoomMessage: 'Invalid access token.', fieldErrors: [] },
      'PATCH /users/x/settings?option=meeting_security for x failed: HTTP 401, Zoom code 124 invalid access token (an OAuth token is fetched anew once before this error: the app may be deactivated, or another job with the same app keeps replacing its token)',
    ],
    [
      { status: 400, code: 4700, zoomMessage: 'Invalid access token, does not contain scopes:[user:write:admin].', fieldErrors: [] },
      'PATCH /users/x/settings?option=meeting_security for x failed: HTTP 400, Zoom code 4700 the access token lacks scopes (user:write:admin): the app needs user:read:admin and user:write:admin, or granular user:read:settings:admin and user:update:settings:admin',
    ],
    [
      { status: 503, code: null, zoomMessage: null, fieldErrors: [], attempts: 5 },
      'PATCH /users/x/settings?option=meeting_security for x failed after 5 attempts: HTTP 503',
    ],
    [
      { status: null, code: null, zoomMessage: null, fieldErrors: [], attempts: 5, cause: new Error('timeout: timeout of 200ms exceeded') },
      'PATCH /users/x/settings?option=meeting_security for x failed after 5 attempts: no answer (timeout: timeout of 200ms exceeded)',
    ],
    [
      { method: 'GET', path: '/users?status=active&page_size=300', option: null, userId: null, status: 400, code: 300, zoomMessage: 'Invalid next page token.', fieldErrors: [] },
      'GET /users?status=active&page_size=300 failed: HTTP 400, Zoom code 300 validation failed (Invalid next page token.)',
    ],
  ] as Array<[Partial<ZoomApiErrorDetails>, string]>)('%#', (overrides, message) => {
    expect(new ZoomApiError({ ...base, ...overrides }).message).toBe(message);
  });

  it('has isNotFound and isPending getters', () => {
    expect(new ZoomApiError({ ...base, status: 404, code: 1001 }).isNotFound).toBe(true);
    expect(new ZoomApiError({ ...base, status: 404, code: null }).isNotFound).toBe(true);
    expect(new ZoomApiError({ ...base, status: 400, code: 1120 }).isPending).toBe(true);
    expect(new ZoomApiError(base).isNotFound).toBe(false);
    expect(new ZoomApiError(base).isPending).toBe(false);
  });
});

describe('DailyLimitError', () => {
  it('names the reset time', () => {
    const error = new DailyLimitError(new Date(Date.UTC(2026, 10, 29)), 'zoom');
    expect(error.message).toContain('2026-11-29T00:00:00.000Z');
    expect(error.resetAt.getTime()).toBe(Date.UTC(2026, 10, 29));
  });
});
