import { describe, expect, it } from 'vitest';
import { redirectStillApplies } from '../../renderer/src/shell/redirect.ts';

describe('a redirect yields to a newer navigation', () => {
  it('runs while the address bar still shows the place it was rendered for', () => {
    expect(
      redirectStillApplies(
        { pathname: '/supervisor', search: '' },
        { pathname: '/supervisor', search: '' },
      ),
    ).toBe(true);
  });

  it('does not send the user back after Alt+1 moved them on during the transition', () => {
    // The CI failure: /supervisor rendered its redirect to /supervisor/disputes after Alt+1 had
    // already put /messages in the address bar; the redirect replaced /messages.
    expect(
      redirectStillApplies(
        { pathname: '/supervisor', search: '' },
        { pathname: '/messages', search: '' },
      ),
    ).toBe(false);
  });

  it('treats another query string as another place', () => {
    expect(
      redirectStillApplies(
        { pathname: '/customers', search: '?q=1' },
        { pathname: '/customers', search: '?q=2' },
      ),
    ).toBe(false);
  });
});
