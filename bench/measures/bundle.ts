import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from '../lib/output.ts';

/**
 * First-screen JavaScript: the entry module and every modulepreload that
 * dist/renderer/index.html names, each gzipped (level 9, as a server would) and summed.
 */
export function measureBundle(distDir: string): Row[] {
  const label = 'first-screen JavaScript, gzip';
  let html: string;
  try {
    html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  } catch {
    return [
      {
        measure: label,
        target: '≤ 400 KB',
        result: 'n/a (renderer not built)',
        pass: null,
        method: '',
      },
    ];
  }
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g))
    if (m[1]) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    if (m[1]) srcs.add(m[1]);
  const files = [...srcs].map((src) => {
    const data = readFileSync(path.join(distDir, src.replace(/^\//, '')));
    return { src, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  const gzip = files.reduce((s, f) => s + f.gzip, 0);
  const raw = files.reduce((s, f) => s + f.raw, 0);
  return [
    {
      measure: label,
      target: '≤ 400 KB',
      result: `${(gzip / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(0)} KB raw, ${files.length} file${files.length === 1 ? '' : 's'})`,
      pass: gzip <= 400 * 1024,
      method:
        'entry <script type=module> + <link rel=modulepreload> of dist/renderer/index.html, each gzipped with node:zlib level 9, summed (KB = 1024 bytes)',
      data: { files },
    },
  ];
}
