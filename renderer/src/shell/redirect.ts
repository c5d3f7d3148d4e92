/** Where the router rendered a screen, or where the address bar is now. */
export interface Place {
  pathname: string;
  search: string;
}

/**
 * Whether a redirect rendered for `rendered` may still run now that the address bar shows
 * `current`.
 *
 * React Router renders each navigation in a transition, so a screen can render (and run its
 * effects) for a place the user has already left: a keypress (Alt+1) or a click lands between
 * the history change and the commit. A redirect that fired then would `replace` the newer
 * place — the user pressed Alt+1 on /supervisor and was sent back to /supervisor/disputes. A
 * redirect belongs to the place it was rendered for; once the user is elsewhere, it yields.
 */
export function redirectStillApplies(rendered: Place, current: Place): boolean {
  return rendered.pathname === current.pathname && rendered.search === current.search;
}
