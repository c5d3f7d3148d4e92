import { describe, expect, it } from 'vitest';
import { parseTrustProxy, secureCookieFor, TrustProxyError } from '../../server/http/proxy.ts';

describe('CIC_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['off', false],
    ['true', true],
    ['YES', true],
    ['127.0.0.1', ['127.0.0.1']],
    [' 127.0.0.1 , 10.0.0.0/8 ', ['127.0.0.1', '10.0.0.0/8']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
    ['::1, fd00::/8', ['::1', 'fd00::/8']],
  ])('%j → %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it('a hop count trusts that many nearest proxies', () => {
    const trust = parseTrustProxy('2');
    expect(typeof trust).toBe('function');
    const fn = trust as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => fn('10.0.0.1', hop))).toEqual([true, true, false]);
  });

  it.each(['nginx.internal', '300.1.1.1', '10.0.0.0/8; rm -rf', 'maybe'])(
    'refuses %j with a clear message',
    (value) => {
      expect(() => parseTrustProxy(value)).toThrow(TrustProxyError);
      expect(() => parseTrustProxy(value)).toThrow(/CIC_TRUST_PROXY/);
    },
  );

  it('marks the session cookie Secure only for https', () => {
    expect(secureCookieFor('https')).toBe(true);
    expect(secureCookieFor('http')).toBe(false);
  });
});
