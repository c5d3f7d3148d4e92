import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateLaunchToken,
  isShutdownMessage,
  LaunchConfigError,
  launchCookie,
  mainWindowOptions,
  parseServerChildEnv,
  parseServerChildMessage,
  parseStoredSettings,
  resolveLaunchMode,
  serverChildEnv,
  SHUTDOWN_MESSAGE,
  validateServerUrl,
} from '../../electron/config.ts';

const USER_DATA = path.join(path.sep, 'users', 'agent', 'AppData', 'Roaming', 'CIC Desk');

describe('resolveLaunchMode', () => {
  it('runs embedded with data under userData by default', () => {
    expect(resolveLaunchMode({}, ['electron', '.'], null, USER_DATA)).toEqual({
      mode: 'embedded',
      dataDir: path.join(USER_DATA, 'data'),
    });
    expect(resolveLaunchMode({ CIC_SERVER_URL: '  ' }, [], { serverUrl: '' }, USER_DATA).mode).toBe(
      'embedded',
    );
  });

  it('connects when CIC_SERVER_URL is set', () => {
    expect(
      resolveLaunchMode(
        { CIC_SERVER_URL: 'https://cic.example.internal:8443/' },
        [],
        null,
        USER_DATA,
      ),
    ).toEqual({ mode: 'connected', serverUrl: 'https://cic.example.internal:8443' });
  });

  it('connects when --server-url= is passed, which wins over env and settings', () => {
    expect(
      resolveLaunchMode(
        { CIC_SERVER_URL: 'https://env.example' },
        ['electron', '.', '--server-url=https://10.0.0.5:3000'],
        { serverUrl: 'https://stored.example' },
        USER_DATA,
      ),
    ).toEqual({ mode: 'connected', serverUrl: 'https://10.0.0.5:3000' });
  });

  it('prefers the environment over the stored setting, and uses the stored setting last', () => {
    expect(
      resolveLaunchMode(
        { CIC_SERVER_URL: 'https://env.example' },
        [],
        { serverUrl: 'https://stored.example' },
        USER_DATA,
      ),
    ).toEqual({ mode: 'connected', serverUrl: 'https://env.example' });
    expect(
      resolveLaunchMode({}, [], { serverUrl: 'https://stored.example/cic/' }, USER_DATA),
    ).toEqual({
      mode: 'connected',
      serverUrl: 'https://stored.example/cic',
    });
  });

  it('rejects garbage with a clear error naming the source', () => {
    expect(() => resolveLaunchMode({ CIC_SERVER_URL: 'cic-server' }, [], null, USER_DATA)).toThrow(
      LaunchConfigError,
    );
    expect(() => resolveLaunchMode({ CIC_SERVER_URL: 'cic-server' }, [], null, USER_DATA)).toThrow(
      /CIC_SERVER_URL environment variable is not a valid URL: "cic-server"/,
    );
    expect(() => resolveLaunchMode({}, ['--server-url='], null, USER_DATA)).toThrow(
      /--server-url argument/,
    );
    expect(() =>
      resolveLaunchMode({}, [], { serverUrl: 'ftp://files.example' }, USER_DATA),
    ).toThrow(/saved settings must use http or https/);
  });

  it('rejects URLs with credentials, queries, fragments or a non-http scheme', () => {
    const resolve = (url: string) => () =>
      resolveLaunchMode({ CIC_SERVER_URL: url }, [], null, USER_DATA);
    expect(resolve('https://user:secret@cic.example')).toThrow(/user name or password/);
    expect(resolve('https://cic.example/?token=1')).toThrow(/query or fragment/);
    expect(resolve('https://cic.example/#x')).toThrow(/query or fragment/);
    expect(resolve('javascript:alert(1)')).toThrow(/http or https/);
    expect(resolve('file:///C:/cic')).toThrow(/http or https/);
  });

  it('accepts an absolute CIC_DATA_DIR override and rejects a relative one', () => {
    const dir = path.join(path.sep, 'tmp', 'cic-data');
    expect(resolveLaunchMode({ CIC_DATA_DIR: dir }, [], null, USER_DATA)).toEqual({
      mode: 'embedded',
      dataDir: dir,
    });
    expect(() => resolveLaunchMode({ CIC_DATA_DIR: 'data' }, [], null, USER_DATA)).toThrow(
      /absolute path/,
    );
  });
});

describe('validateServerUrl', () => {
  it('normalises the URL', () => {
    expect(validateServerUrl('HTTPS://CIC.Example:443/', 'test')).toBe('https://cic.example');
    expect(validateServerUrl('http://127.0.0.1:8080/app//', 'test')).toBe(
      'http://127.0.0.1:8080/app',
    );
  });
});

describe('parseStoredSettings', () => {
  it('reads serverUrl and tolerates missing or broken files', () => {
    expect(parseStoredSettings('{"serverUrl":"https://cic.example"}')).toEqual({
      serverUrl: 'https://cic.example',
    });
    expect(parseStoredSettings('{"theme":"dark"}')).toEqual({});
    expect(parseStoredSettings('{"serverUrl":42}')).toEqual({});
    expect(parseStoredSettings('{not json')).toBeNull();
    expect(parseStoredSettings('null')).toBeNull();
    expect(parseStoredSettings(null)).toBeNull();
  });
});

describe('generateLaunchToken', () => {
  it('returns 32 random bytes as hex', () => {
    const a = generateLaunchToken();
    const b = generateLaunchToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});

describe('mainWindowOptions', () => {
  it('describes the main window, hidden until ready, with secure web preferences', () => {
    const options = mainWindowOptions('/app/preload.cjs', {
      additionalArguments: ['--cic-server-url=http://127.0.0.1:1'],
    });
    expect(options).toMatchObject({
      title: 'CIC Desk',
      width: 1440,
      height: 900,
      minWidth: 1024,
      minHeight: 700,
      show: false,
    });
    expect(options.backgroundColor).toMatch(/^#[0-9A-F]{6}$/i);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      additionalArguments: ['--cic-server-url=http://127.0.0.1:1'],
      devTools: false,
    });
  });
});

describe('launchCookie', () => {
  it('is an HttpOnly, SameSite=strict session cookie for the server origin', () => {
    expect(launchCookie('http://127.0.0.1:51234/index.html', 'tok')).toEqual({
      url: 'http://127.0.0.1:51234/',
      name: 'cic_launch',
      value: 'tok',
      path: '/',
      httpOnly: true,
      secure: false,
      sameSite: 'strict',
    });
    const cookie = launchCookie('https://cic.example', 'tok');
    expect(cookie.secure).toBe(true);
    expect(cookie.expirationDate).toBeUndefined();
  });
});

describe('server child contract', () => {
  it('round-trips the configuration through the environment', () => {
    const config = {
      port: 0,
      host: '127.0.0.1',
      dataDir: '/data',
      launchToken: 'tok',
      staticDir: '/app/dist/renderer',
    };
    const env = serverChildEnv(config);
    expect(env).toEqual({
      CIC_PORT: '0',
      CIC_HOST: '127.0.0.1',
      CIC_DATA_DIR: '/data',
      CIC_LAUNCH_TOKEN: 'tok',
      CIC_STATIC_DIR: '/app/dist/renderer',
    });
    expect(parseServerChildEnv(env)).toEqual(config);
  });

  it('rejects a missing token or data directory and a bad port', () => {
    expect(() => parseServerChildEnv({ CIC_DATA_DIR: '/d' })).toThrow(/CIC_LAUNCH_TOKEN/);
    expect(() => parseServerChildEnv({ CIC_LAUNCH_TOKEN: 't' })).toThrow(/CIC_DATA_DIR/);
    expect(() =>
      parseServerChildEnv({ CIC_PORT: 'x', CIC_DATA_DIR: '/d', CIC_LAUNCH_TOKEN: 't' }),
    ).toThrow(/CIC_PORT/);
    expect(() =>
      parseServerChildEnv({ CIC_PORT: '70000', CIC_DATA_DIR: '/d', CIC_LAUNCH_TOKEN: 't' }),
    ).toThrow(/CIC_PORT/);
  });

  it('validates messages from the child', () => {
    expect(parseServerChildMessage({ type: 'listening', url: 'http://127.0.0.1:5000' })).toEqual({
      type: 'listening',
      url: 'http://127.0.0.1:5000',
    });
    expect(parseServerChildMessage({ type: 'error', message: 'EADDRINUSE' })).toEqual({
      type: 'error',
      message: 'EADDRINUSE',
    });
    expect(parseServerChildMessage({ type: 'listening', url: 'file:///x' })).toBeNull();
    expect(parseServerChildMessage({ type: 'listening', url: 'nope' })).toBeNull();
    expect(parseServerChildMessage({ type: 'listening' })).toBeNull();
    expect(parseServerChildMessage('listening')).toBeNull();
    expect(parseServerChildMessage(null)).toBeNull();
  });

  it('recognises the shutdown message', () => {
    expect(isShutdownMessage(SHUTDOWN_MESSAGE)).toBe(true);
    expect(isShutdownMessage({ type: 'listening' })).toBe(false);
    expect(isShutdownMessage(undefined)).toBe(false);
  });
});
