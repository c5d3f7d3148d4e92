import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { toUtcDate, type IsoDate } from '../domain/dates.ts';

/**
 * Customer letters as PDFs, from plain-text templates in `resources/letters/` (one file per
 * template and language: `<template>.<lang>.txt`, e.g. `disputes/acknowledgement.fr.txt`).
 * THE letter engine: every letter to a customer goes through it (disputes, address changes,
 * mail-payment return-to-sender and NSF notices), each template in English and French, under
 * `resources/letters/<area>/`.
 *
 * Template format (deliberately small, so compliance can review the wording as text):
 * - `{{name}}` is replaced by `data.name` (the one placeholder syntax). A missing value is an
 *   error, never a blank.
 * - A paragraph that is only `{{list}}` where `data.list` is a string array becomes bullet lines
 *   (an indented address block, without bullets, when the key ends in `AddressLines`).
 * - `{{#if flag}}` … `{{/if}}` (each on its own line) keeps the lines between only when
 *   `data.flag` is truthy (a non-empty string or array, `true`, a non-zero number).
 * - `@subject …` is the bold subject line; `@salutation …` opens the letter; `@closing …` and
 *   `@signature …` (repeatable) close it.
 * - `@clause <name>` as the first line of a paragraph marks that paragraph as a named clause:
 *   the result lists the clauses present, so a workflow can gate on one being in the letter
 *   (the disputes "no error" letter must carry the right-to-request-documents clause).
 * - Paragraphs are separated by blank lines; `#` starts a comment line.
 *
 * The letterhead (sender lines), the date and the recipient block are the reserved data keys
 * `sender`, `date` and `recipient`. Text is set in Helvetica (WinAnsi: covers French accents).
 *
 * @example
 * const letter = await renderLetter({
 *   template: 'disputes/acknowledgement',
 *   language: 'fr',
 *   data: { sender: ['BMW Financial Services NA, LLC', 'P.O. BOX 3608', 'Dublin, OH 43016-0306'],
 *           date: '20 novembre 2026', recipient: ['Hélène Tremblay', '12 rue Principale', 'Boston, MA 02108'],
 *           customerName: 'Hélène Tremblay', ... },
 * });
 * letter.pdf // Buffer (application/pdf); letter.text // the same words as plain text
 */
export type LetterValue = string | number | boolean | readonly string[] | null | undefined;

export interface LetterData {
  /** Letterhead lines (name first). */
  sender: readonly string[];
  /** The letter's date, already formatted for its language. */
  date: string;
  /** Recipient block lines (name first). */
  recipient: readonly string[];
  [key: string]: LetterValue;
}

export interface RenderLetterInput {
  /** Path under the templates directory without language and extension: 'disputes/no-error'. */
  template: string;
  language: 'en' | 'fr';
  data: LetterData;
  /** Override the templates directory (tests). */
  templatesDir?: string;
}

export interface RenderedLetter {
  pdf: Buffer;
  /** The letter's words as plain text (what a reviewer or a test reads). */
  text: string;
  /** Names of the `@clause` paragraphs present. */
  clauses: string[];
  sha256: string;
}

type Block =
  | { type: 'subject' | 'salutation' | 'closing' | 'signature'; text: string }
  | { type: 'paragraph'; text: string; clause: string | null }
  | { type: 'list'; items: string[]; bullets: boolean };

/**
 * A date as a letter prints it, in the letter's language.
 *
 * @example formatLetterDate('2026-11-20', 'fr') // '20 novembre 2026'
 */
export function formatLetterDate(date: IsoDate, language: 'en' | 'fr'): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(toUtcDate(date));
}

/** Where the templates live: next to the sources, or beside a packaged app's resources. */
export function defaultTemplatesDir(): string {
  const candidates = [
    fileURLToPath(new URL('../../resources/letters/', import.meta.url)),
    path.join(process.cwd(), 'resources', 'letters'),
    path.join((process as { resourcesPath?: string }).resourcesPath ?? '', 'letters'),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0] ?? 'resources/letters';
}

const templateCache = new Map<string, string>();

/** Reads a template (cached). Throws when the template or its language is missing. */
export function loadTemplate(
  template: string,
  language: 'en' | 'fr',
  dir = defaultTemplatesDir(),
): string {
  if (!/^[a-z0-9/-]+$/.test(template)) throw new Error(`Bad letter template name: ${template}`);
  const file = path.join(dir, `${template}.${language}.txt`);
  let text = templateCache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    templateCache.set(file, text);
  }
  return text;
}

function truthy(value: LetterValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function valueText(key: string, value: LetterValue, template: string): string {
  if (value === null || value === undefined || Array.isArray(value)) {
    throw new Error(`Letter ${template}: no value for {{${key}}}`);
  }
  return String(value);
}

/** Applies conditionals and placeholders; returns the letter's blocks. Exported for tests. */
export function parseTemplate(source: string, data: LetterData, template = 'letter'): Block[] {
  const lines: string[] = [];
  const keep: boolean[] = [];
  for (const raw of source.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('#')) continue;
    const open = /^\{\{#if (\w+)\}\}$/.exec(line.trim());
    if (open) {
      keep.push(truthy(data[open[1] ?? '']));
      continue;
    }
    if (line.trim() === '{{/if}}') {
      if (keep.pop() === undefined) throw new Error(`Letter ${template}: {{/if}} without {{#if}}`);
      continue;
    }
    if (keep.every(Boolean)) lines.push(line);
  }
  if (keep.length > 0) throw new Error(`Letter ${template}: unclosed {{#if}}`);

  const blocks: Block[] = [];
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => valueText(key, data[key], template));
  for (const paragraph of paragraphs) {
    const list = /^\{\{(\w+)\}\}$/.exec(paragraph);
    const listValue = list ? data[list[1] ?? ''] : undefined;
    if (list && Array.isArray(listValue)) {
      // `…AddressLines` arrays are address blocks (no bullets); other arrays are bullet lists.
      blocks.push({
        type: 'list',
        items: listValue.map(String),
        bullets: !(list[1] ?? '').endsWith('AddressLines'),
      });
      continue;
    }
    const directive = /^@(subject|salutation|closing|signature|clause)\s+(.*)$/s.exec(paragraph);
    if (directive) {
      const kind = directive[1] as 'subject' | 'salutation' | 'closing' | 'signature' | 'clause';
      const rest = directive[2] ?? '';
      if (kind === 'clause') {
        const [name = '', ...body] = rest.split('\n');
        blocks.push({
          type: 'paragraph',
          clause: name.trim(),
          text: fill(body.join(' ').replace(/\s+/g, ' ').trim()),
        });
      } else {
        // A directive paragraph may hold several directives, one per line.
        for (const line of paragraph.split('\n')) {
          const d = /^@(subject|salutation|closing|signature)\s+(.*)$/.exec(line.trim());
          if (d) blocks.push({ type: d[1] as 'subject', text: fill(d[2] ?? '') });
        }
      }
      continue;
    }
    blocks.push({
      type: 'paragraph',
      clause: null,
      text: fill(paragraph.replace(/\s*\n\s*/g, ' ')),
    });
  }
  return blocks;
}

/** Characters Helvetica's WinAnsi encoding lacks, mapped to ones it has. */
function printable(text: string): string {
  return text.replace(/[\u202f\u2007]/g, '\u00a0').replace(/[\u2010\u2011]/g, '-');
}

function blocksToText(data: LetterData, blocks: Block[]): string {
  const out = [...data.sender, '', data.date, '', ...data.recipient, ''];
  for (const b of blocks) {
    if (b.type === 'list') out.push(...b.items.map((i) => (b.bullets ? `- ${i}` : `    ${i}`)), '');
    else out.push(b.text, '');
  }
  return out.join('\n').trim();
}

function pdfOf(
  data: LetterData,
  blocks: Block[],
  language: 'en' | 'fr',
  title: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: 60, bottom: 60, left: 72, right: 72 },
      // Fixed metadata dates keep the bytes a function of the data (same letter, same hash).
      info: {
        Title: title,
        Author: data.sender[0] ?? '',
        CreationDate: new Date(0),
        ModDate: new Date(0),
      },
      lang: language === 'fr' ? 'fr-CA' : 'en-US',
      compress: true,
    } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const width = doc.page.width - 144;

    const [senderName, ...senderRest] = data.sender;
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#1c3d6e')
      .text(printable(senderName ?? ''), { width });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#444444')
      .text(printable(senderRest.join('  ·  ')), { width });
    doc
      .moveTo(72, doc.y + 6)
      .lineTo(72 + width, doc.y + 6)
      .lineWidth(0.7)
      .strokeColor('#1c3d6e')
      .stroke();
    doc.moveDown(1.6);
    doc
      .font('Helvetica')
      .fontSize(10.5)
      .fillColor('#000000')
      .text(printable(data.date), { width, align: 'right' });
    doc.moveDown(1);
    for (const line of data.recipient) doc.text(printable(line), { width });
    doc.moveDown(1.2);

    for (const block of blocks) {
      switch (block.type) {
        case 'subject':
          doc.font('Helvetica-Bold').fontSize(11).text(printable(block.text), { width });
          doc.font('Helvetica').fontSize(10.5).moveDown(0.8);
          break;
        case 'salutation':
          doc.text(printable(block.text), { width }).moveDown(0.6);
          break;
        case 'closing':
          doc.moveDown(0.4).text(printable(block.text), { width }).moveDown(1.6);
          break;
        case 'signature':
          doc.text(printable(block.text), { width });
          break;
        case 'list':
          for (const item of block.items)
            doc.text(block.bullets ? `•  ${printable(item)}` : printable(item), {
              width,
              indent: block.bullets ? 12 : 24,
            });
          doc.moveDown(0.6);
          break;
        case 'paragraph':
          if (block.clause) {
            const y = doc.y;
            doc.text(printable(block.text), 84, y, { width: width - 12, align: 'justify' });
            doc
              .moveTo(76, y - 2)
              .lineTo(76, doc.y)
              .lineWidth(2)
              .strokeColor('#1c3d6e')
              .stroke();
            doc.x = 72;
          } else {
            doc.text(printable(block.text), { width, align: 'justify' });
          }
          doc.moveDown(0.6);
          break;
      }
    }
    doc.end();
  });
}

/**
 * Renders a letter template with data into a PDF (and its plain text). See the module comment
 * for the template format.
 */
export async function renderLetter(input: RenderLetterInput): Promise<RenderedLetter> {
  const source = loadTemplate(input.template, input.language, input.templatesDir);
  const blocks = parseTemplate(source, input.data, input.template);
  const subject = blocks.find((b) => b.type === 'subject');
  const pdf = await pdfOf(
    input.data,
    blocks,
    input.language,
    subject && 'text' in subject ? subject.text : input.template,
  );
  return {
    pdf,
    text: blocksToText(input.data, blocks),
    clauses: blocks.flatMap((b) => (b.type === 'paragraph' && b.clause ? [b.clause] : [])),
    sha256: createHash('sha256').update(pdf).digest('hex'),
  };
}
