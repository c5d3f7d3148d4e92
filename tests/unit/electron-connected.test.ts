import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  LaunchConfigError,
  resolveLaunchMode,
  validateServerUrl,
} from '../../electron/config.ts';

/**
 * Connected desktops (issue 11): `CIC_SERVER_URL=https://…` makes the window load the central
 * server instead of starting an embedded one; https is required unless the server is on this
 * computer, so passwords and customer data never cross the network in clear text.
 */
const USER_DATA = '/home/agent/.config/CIC Desk';

describe('connected mode needs https off this computer', () => {
  it.each([
    ['https://cic.lender.example', 'https://cic.lender.example'],
    ['https://10.0.0.5:8443/', 'https://10.0.0.5:8443'],
    ['http://127.0.0.1:5170', 'http://127.0.0.1:5170'],
    ['http://localhost:5170/', 'http://localhost:5170'],
    ['http://[::1]:5170', 'http://[::1]:5170'],
  ])('accepts %s', (value, expected) => {
    expect(resolveLaunchMode({ CIC_SERVER_URL: value }, [], null, USER_DATA)).toEqual({
      mode: 'connected',
      serverUrl: expected,
    });
  });

  it.each(['http://cic.lender.example', 'http://10.0.0.5:3000', 'http://127.0.0.1.example.com'])(
    'refuses plain http to %s, naming the fix',
    (value) => {
      expect(() => resolveLaunchMode({ CIC_SERVER_URL: value }, [], null, USER_DATA)).toThrow(
        LaunchConfigError,
      );
      expect(() => validateServerUrl(value, 'test')).toThrow(/must use https/);
    },
  );

  it('refuses it from every source (argument, environment, saved settings)', () => {
    expect(() =>
      resolveLaunchMode({}, ['--server-url=http://cic.example'], null, USER_DATA),
    ).toThrow(/the --server-url argument must use https/);
    expect(() => resolveLaunchMode({}, [], { serverUrl: 'http://cic.example' }, USER_DATA)).toThrow(
      /the saved settings must use https/,
    );
  });

  it('CIC_ALLOW_INSECURE_SERVER=1 allows a lab network without TLS', () => {
    expect(
      resolveLaunchMode(
        { CIC_SERVER_URL: 'http://10.0.0.5:3000', CIC_ALLOW_INSECURE_SERVER: '1' },
        [],
        null,
        USER_DATA,
      ),
    ).toEqual({ mode: 'connected', serverUrl: 'http://10.0.0.5:3000' });
  });

  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['desk.localhost', true],
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['[::1]', true],
    ['::1', true],
    ['127.0.0.1.example.com', false],
    ['10.0.0.5', false],
    ['cic.example', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
