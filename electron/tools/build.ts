/**
 * Bundles the desktop shell with esbuild (the renderer is built separately by Vite into
 * dist/renderer):
 *   electron/main.ts         -> dist/electron/main.cjs     (Electron main process)
 *   electron/preload.ts      -> dist/electron/preload.cjs  (sandboxed preload)
 *   electron/server-entry.ts -> dist/electron/server.cjs   (embedded server, utility process)
 *
 * Usage: node electron/tools/build.ts [--watch]
 */
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { BuildOptions } from 'esbuild';

export const ELECTRON_OUT_DIR = 'dist/electron';

/**
 * esbuild options, one build per runtime:
 *  - main process and embedded server (Node inside Electron). CommonJS output has no
 *    `import.meta`, so server modules that locate files relative to themselves get
 *    `import.meta.url/dirname/filename` of the bundle file instead of `undefined`;
 *  - the sandboxed preload, which may only `require('electron')`: no banner, no Node imports.
 */
export function electronBuildOptions(projectRoot: string): BuildOptions[] {
  const common: BuildOptions = {
    absWorkingDir: projectRoot,
    outdir: path.join(projectRoot, ELECTRON_OUT_DIR),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // pdfkit reads its font metrics from its own folder at run time, so it stays a real module.
    external: ['electron', 'better-sqlite3', 'pdfkit'],
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'info',
  };
  return [
    {
      ...common,
      entryPoints: [
        { in: 'electron/main.ts', out: 'main' },
        { in: 'electron/server-entry.ts', out: 'server' },
      ],
      banner: {
        js: "const __cic_import_meta_url = require('node:url').pathToFileURL(__filename).href;",
      },
      define: {
        'import.meta.url': '__cic_import_meta_url',
        'import.meta.dirname': '__dirname',
        'import.meta.filename': '__filename',
      },
    },
    { ...common, entryPoints: [{ in: 'electron/preload.ts', out: 'preload' }] },
  ];
}

async function main(): Promise<void> {
  const projectRoot = path.resolve(import.meta.dirname, '..', '..');
  const builds = electronBuildOptions(projectRoot);
  if (process.argv.includes('--watch')) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

if (import.meta.main) {
  try {
    await main();
  } catch {
    // esbuild has already printed the errors (logLevel 'info').
    process.exitCode = 1;
  }
}
