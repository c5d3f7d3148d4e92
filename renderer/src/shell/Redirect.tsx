import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { redirectStillApplies } from './redirect.ts';

/**
 * The desk's only redirect (lint forbids react-router's `<Navigate>` elsewhere): it replaces the
 * place it was rendered for with `to` (an absolute path), unless the user has already moved on
 * while the router's transition was rendering (see `redirectStillApplies`).
 */
export function Redirect({ to }: { to: `/${string}` }) {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const now = { pathname: window.location.pathname, search: window.location.search };
    if (redirectStillApplies({ pathname, search }, now)) void navigate(to, { replace: true });
  }, [pathname, search, navigate, to]);
  return null;
}
