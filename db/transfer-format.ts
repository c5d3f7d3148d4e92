import type { DialectName } from './database.ts';

/** The dump file's format: its header, its trailer and the result of a transfer (db/transfer.ts). */

export const DUMP_FORMAT = 'cic-desk-dump';
export const DUMP_FORMAT_VERSION = 1;

export type Dialect = DialectName;

export interface DumpTable {
  name: string;
  columns: string[];
}

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  formatVersion: number;
  schemaVersion: string;
  migrations: string[];
  exportedAt: string;
  source: { dialect: Dialect };
  tables: DumpTable[];
}

export interface DumpTrailer {
  end: true;
  counts: Record<string, number>;
  audit: { count: number; head: string | null };
}

export interface TransferResult {
  schemaVersion: string;
  tables: number;
  rows: number;
  counts: Record<string, number>;
  audit: { count: number; head: string | null };
  milliseconds: number;
}

export class TransferError extends Error {
  override name = 'TransferError';
}
