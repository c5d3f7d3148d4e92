import { appRouter } from '../../server/router.ts';

/**
 * The procedures the app's router has right now (workflow areas may still rename theirs):
 * a measure whose procedure is missing reports "n/a (not available)" instead of failing.
 */
const procedures = (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def
  .procedures;

export function hasProcedure(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(procedures, path);
}

export function missing(...paths: string[]): string[] {
  return paths.filter((p) => !hasProcedure(p));
}
