/**
 * Sandboxed preload (bundled to dist/electron/preload.cjs). Exposes only the server address and
 * the launch token, which main passes as `additionalArguments` (see security.ts). No IPC, no Node.
 */
import { contextBridge } from 'electron';
import { readPreloadArguments } from './security.ts';

const { serverUrl, launchToken } = readPreloadArguments(process.argv);

contextBridge.exposeInMainWorld(
  'cicDesk',
  Object.freeze({ serverUrl: serverUrl ?? undefined, launchToken: launchToken ?? undefined }),
);
