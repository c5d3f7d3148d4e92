import { describe, expect, it } from 'vitest';
import { secondInstanceActions } from '../../electron/config.ts';

describe('a second start of the desktop app brings the running window forward', () => {
  it('focuses a visible window', () => {
    expect(secondInstanceActions({ exists: true, minimized: false, visible: true })).toEqual([
      'focus',
    ]);
  });
  it('restores a minimised window before focusing it', () => {
    expect(secondInstanceActions({ exists: true, minimized: true, visible: true })).toEqual([
      'restore',
      'focus',
    ]);
  });
  it('shows a hidden window', () => {
    expect(secondInstanceActions({ exists: true, minimized: false, visible: false })).toEqual([
      'show',
      'focus',
    ]);
  });
  it('remembers to focus a window still being created (the server is starting)', () => {
    expect(secondInstanceActions({ exists: false, minimized: false, visible: false })).toEqual([
      'focus-when-created',
    ]);
  });
});
