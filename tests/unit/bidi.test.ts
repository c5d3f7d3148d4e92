import { createTRPCClient, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { describe, expect, it } from 'vitest';
import {
  BIDI_REPLACEMENT,
  bidiLink,
  neutralizeBidi,
  neutralizeBidiDeep,
} from '../../renderer/src/bidi.ts';
import type { AppRouter } from '../../server/router.ts';

const CONTROLS = [
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
].map((c) => String.fromCodePoint(c));

describe('bidirectional controls in customer text', () => {
  it('every listed control becomes a visible replacement; other text is untouched', () => {
    for (const c of CONTROLS) {
      expect(neutralizeBidi(`invoice${c}fdp.exe`)).toBe(`invoice${BIDI_REPLACEMENT}fdp.exe`);
    }
    const plain = 'Élodie Ñúñez — שלום مرحبا 👋 $1,234.56';
    expect(neutralizeBidi(plain)).toBe(plain);
  });

  it('reaches every string of an answer, however nested, and leaves other values alone', () => {
    const rlo = '\u202E';
    const answer = {
      thread: { subject: `Pay${rlo}ment`, id: 7, open: true, closedAt: null },
      messages: [{ body: `a${rlo}b`, attachments: [{ name: `x${rlo}.pdf` }] }],
      customer: { name: `Jo${rlo}hn` },
    };
    expect(neutralizeBidiDeep(answer)).toEqual({
      thread: { subject: `Pay${BIDI_REPLACEMENT}ment`, id: 7, open: true, closedAt: null },
      messages: [
        { body: `a${BIDI_REPLACEMENT}b`, attachments: [{ name: `x${BIDI_REPLACEMENT}.pdf` }] },
      ],
      customer: { name: `Jo${BIDI_REPLACEMENT}hn` },
    });
    expect(JSON.stringify(neutralizeBidiDeep(answer))).not.toMatch(/[\u202A-\u202E]/);
  });

  it('the renderer link applies it to every server answer before a screen sees it', async () => {
    const server: TRPCLink<AppRouter> = () => () =>
      observable((observer) => {
        observer.next({ result: { type: 'data', data: { body: 'ok\u202Eevil', n: 1 } } });
        observer.complete();
        return () => {};
      });
    const client = createTRPCClient<AppRouter>({ links: [bidiLink, server] });
    const answer = (await client.auth.me.query()) as unknown;
    expect(answer).toEqual({ body: `ok${BIDI_REPLACEMENT}evil`, n: 1 });
  });
});
