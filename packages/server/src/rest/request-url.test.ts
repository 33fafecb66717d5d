import { describe, expect, it } from 'vitest';
import { parseRestUrl } from './request-url.js';

describe('parseRestUrl', () => {
  it('reads the resource and the decoded parameters', () => {
    const parsed = parseRestUrl(
      '/v4/openim/querystate?sdkappid=14&identifier=a%20b&usersig=x*-_&contenttype=json',
    );
    expect(parsed).toEqual({
      ok: true,
      url: {
        path: '/v4/openim/querystate',
        resource: 'openim/querystate',
        params: new Map([
          ['sdkappid', '14'],
          ['identifier', 'a b'],
          ['usersig', 'x*-_'],
          ['contenttype', 'json'],
        ]),
      },
    });
  });

  it.each([
    ['/v4/im_open_login_svc/kick', 'im_open_login_svc/kick'],
    ['/v4/im_open_login_svc/kick/', 'im_open_login_svc/kick'],
    ['/v4/kick', undefined],
    ['/v4/a/b/c', undefined],
    ['/v4/a.b/c', undefined],
    ['/v4', undefined],
  ])('%s has resource %s', (target, resource) => {
    const parsed = parseRestUrl(target);
    expect(parsed.ok && parsed.url.resource).toBe(resource);
  });

  it('keeps a parameter without a value as empty, and skips empty pairs', () => {
    const parsed = parseRestUrl('/v4/a/b?random&&sdkappid=');
    expect(parsed.ok && [...parsed.url.params]).toEqual([
      ['random', ''],
      ['sdkappid', ''],
    ]);
  });

  it.each([
    ['a parameter given twice', '/v4/a/b?sdkappid=1&sdkappid=2'],
    ['a malformed escape in a value', '/v4/a/b?usersig=%E0%A4%A'],
    ['a malformed escape in a name', '/v4/a/b?%zz=1'],
  ])('refuses %s', (_case, target) => {
    expect(parseRestUrl(target).ok).toBe(false);
  });
});
