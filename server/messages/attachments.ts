import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { NewAttachment } from '../../db/repositories/messages.ts';
import type { AttachmentMime } from '../../db/schema/index.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { type ServerMessage } from '../domain/shared/server-messages.ts';

/**
 * Attachments of secure messages. The type is decided by the file's CONTENT (magic bytes,
 * via file-type), never by its name: only PDF, PNG, JPEG and HEIC are accepted, and a name
 * whose extension says something else is refused (a PDF named .png is suspicious). Each file
 * is at most 10 MB, hashed with SHA-256 and stored once under that hash in
 * `<dataDir>/attachments/` (outside the web root; the desk serves it only to signed-in staff).
 */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_COUNT = 5;

const ALLOWED: Record<string, { mime: AttachmentMime; extensions: readonly string[] }> = {
  'application/pdf': { mime: 'application/pdf', extensions: ['pdf'] },
  'image/png': { mime: 'image/png', extensions: ['png'] },
  'image/jpeg': { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  'image/heic': { mime: 'image/heic', extensions: ['heic', 'heif'] },
  'image/heif': { mime: 'image/heic', extensions: ['heic', 'heif'] },
};

export interface IncomingFile {
  filename: string;
  data: Buffer;
}

export interface CheckedAttachment extends NewAttachment {
  data: Buffer;
}

/** Characters of a long name's extension kept when the name is cut to 100. */
const EXTENSION_KEPT = 10;

/**
 * A display-safe file name: no directories, no control or reserved characters, no leading
 * dots, at most 100 characters, the extension kept.
 *
 * @example sanitizeFilename('../../etc/pass<wd>.pdf') // 'pass_wd_.pdf'
 */
export function sanitizeFilename(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  let clean = base
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  if (clean.length > 100) {
    const ext = path.extname(clean).slice(0, EXTENSION_KEPT);
    clean = clean.slice(0, 100 - ext.length) + ext;
  }
  return clean || 'attachment';
}

function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}

/**
 * Checks one file; a VALIDATION DomainError (with the field `attachments.<index>`) says why not.
 *
 * @example await checkAttachment({ filename: 'statement.pdf', data }, 0) // { mimeType: 'application/pdf', sha256, ... }
 */
export async function checkAttachment(
  file: IncomingFile,
  index: number,
): Promise<CheckedAttachment> {
  const field = `attachments.${index}`;
  const fail = (message: ServerMessage): never => {
    throw new DomainError('VALIDATION', message, { fields: { [field]: message } });
  };
  const filename = sanitizeFilename(file.filename);
  if (file.data.length === 0) fail(msg('messages.attachmentEmpty', { filename }));
  if (file.data.length > ATTACHMENT_MAX_BYTES)
    fail(msg('messages.attachmentTooLarge', { filename }));
  const detected = await fileTypeFromBuffer(file.data);
  const allowed = detected ? ALLOWED[detected.mime] : undefined;
  if (!allowed) fail(msg('messages.attachmentType', { filename }));
  const ext = extensionOf(filename);
  if (!allowed!.extensions.includes(ext)) {
    fail(
      msg('messages.attachmentMismatch', {
        filename,
        detected: detected!.ext.toUpperCase(),
        extension: allowed!.extensions[0] ?? '',
      }),
    );
  }
  return {
    filename,
    mimeType: allowed!.mime,
    sizeBytes: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    data: file.data,
  };
}

/** Checks every file before anything is stored: one bad file refuses the whole message. */
export async function checkAttachments(
  files: readonly IncomingFile[],
): Promise<CheckedAttachment[]> {
  if (files.length > ATTACHMENT_MAX_COUNT) {
    throw new DomainError(
      'VALIDATION',
      msg('messages.tooManyAttachments', { max: ATTACHMENT_MAX_COUNT }),
      {
        fields: { attachments: msg('fields.atMostAttachments', { max: ATTACHMENT_MAX_COUNT }) },
      },
    );
  }
  const out: CheckedAttachment[] = [];
  for (const [i, f] of files.entries()) out.push(await checkAttachment(f, i));
  return out;
}

let tempRoot: string | null = null;

/** `<dataDir>/attachments`, or (tests, no data dir) one temp folder per process. */
export function attachmentsRoot(dataDir: string | null): string {
  if (dataDir) return path.join(dataDir, 'attachments');
  tempRoot ??= mkdtempSync(path.join(tmpdir(), 'cic-attachments-'));
  return tempRoot;
}

/** Where a file with this hash lives (two-level fan-out keeps folders small). */
export function attachmentPath(root: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError('Not a SHA-256');
  return path.join(root, sha256.slice(0, 2), sha256);
}

/** Writes the files (once per content; atomic rename). Safe to call before the DB commit. */
export function storeAttachments(root: string, files: readonly CheckedAttachment[]): void {
  for (const f of files) {
    const target = attachmentPath(root, f.sha256);
    if (existsSync(target)) continue;
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, f.data, { flag: 'wx', mode: 0o600 });
      renameSync(temp, target);
    } catch (error) {
      // A full disk (ENOSPC) leaves a partial file: it never becomes an attachment.
      rmSync(temp, { force: true });
      throw error;
    }
  }
}

/**
 * Removes partial `*.tmp` files a write cut off by a crash left in the attachments folder
 * (run at server start, while the data folder's lock is held: no write can be under way).
 * Returns how many were removed.
 */
export function sweepPartialAttachments(root: string): number {
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.tmp')) continue;
    rmSync(path.join(entry.parentPath, entry.name), { force: true });
    removed += 1;
  }
  return removed;
}
