import pg from 'pg';
import { startCluster } from '../../pg/pg-cluster.ts';

/**
 * A throw-away PostgreSQL for a reliability test: a database on CIC_TEST_DATABASE_URL's server
 * when that is set (`npm run test:pg` style), else a cluster of its own — initdb into a temp
 * dir, a free port on 127.0.0.1, default durability (fsync on: these tests kill processes) —
 * run as the `postgres` user when we are root (PostgreSQL refuses to run as root).
 */
export interface ThrowawayDatabase {
  url: string;
  stop(): Promise<void>;
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function throwawayDatabase(name: string): Promise<ThrowawayDatabase> {
  const shared = process.env.CIC_TEST_DATABASE_URL;
  if (shared) {
    const url = await createDatabase(shared, name);
    return {
      url,
      stop: async () => {
        const admin = new pg.Client({ connectionString: shared });
        await admin.connect();
        await admin
          .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          .finally(() => admin.end());
      },
    };
  }
  // fsync stays on: these tests kill processes.
  const cluster = await startCluster({ durable: true, tcp: true, maxConnections: 100 });
  try {
    const url = await createDatabase(cluster.url, name);
    return { url, stop: async () => cluster.stop() };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}
