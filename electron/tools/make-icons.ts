/**
 * Draws the CIC Desk app icon and writes resources/icons/icon.png (512x512) and
 * resources/icons/icon.ico (16, 24, 32, 48, 64 as 32-bit BMP entries, 256 as PNG: the layout
 * Windows and NSIS expect). No image library: PNG is encoded by hand with node:zlib.
 *
 * The icon: a deep-blue (#1E3A5F) rounded square with a white "C" and an amber dot in its
 * opening. Each size is rendered directly from the shapes with supersampling, so small sizes
 * stay crisp. Usage: node electron/tools/make-icons.ts (the outputs are committed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const BLUE: Rgba = [0x1e, 0x3a, 0x5f, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const AMBER: Rgba = [0xf2, 0xa9, 0x3b, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Colour of the icon at (x, y) in unit coordinates (0..1, y down). */
export function iconColorAt(x: number, y: number): Rgba {
  // Rounded square, small margin, corner radius 22 %.
  const margin = 0.04;
  const radius = 0.22;
  const half = 0.5 - margin;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  const outside =
    Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  if (outside > 0) return CLEAR;

  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  const outer = 0.29;
  const inner = 0.185;
  const mid = (outer + inner) / 2;
  const stroke = (outer - inner) / 2;
  const gap = (42 * Math.PI) / 180; // half-angle of the opening, towards +x
  const angle = Math.atan2(dy, dx);

  // Amber dot centred in the opening of the C.
  if (Math.hypot(dx - mid, dy) <= stroke * 1.05) return AMBER;
  // The C: ring outside the opening, with round caps.
  if (r >= inner && r <= outer && Math.abs(angle) >= gap) return WHITE;
  for (const sign of [1, -1]) {
    const cx = mid * Math.cos(gap);
    const cy = sign * mid * Math.sin(gap);
    if (Math.hypot(dx - cx, dy - cy) <= stroke) return WHITE;
  }
  return BLUE;
}

/** RGBA pixels (row-major, top row first) of the icon at `size` x `size`. */
export function renderIcon(size: number): Buffer {
  const samples = size <= 64 ? 8 : 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Average premultiplied colour over a samples x samples grid.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = iconColorAt(
            (px + (sx + 0.5) / samples) / size,
            (py + (sy + 0.5) / samples) / size,
          );
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        pixels[offset] = Math.round(r / a);
        pixels[offset + 1] = Math.round(g / a);
        pixels[offset + 2] = Math.round(b / a);
      }
      pixels[offset + 3] = Math.round(a / (samples * samples));
    }
  }
  return pixels;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no filtering). */
export function encodePng(pixels: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    pixels.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP icon image (BITMAPINFOHEADER, BGRA bottom-up, then the 1-bit AND mask). */
export function encodeIcoBitmap(pixels: Buffer, size: number): Buffer {
  const header = Buffer.alloc(40);
  const maskStride = Math.ceil(size / 32) * 4;
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR bitmap + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16); // BI_RGB
  header.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const colour = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x++) {
      const src = (y * size + x) * 4;
      const dst = (row * size + x) * 4;
      colour[dst] = pixels[src + 2] ?? 0;
      colour[dst + 1] = pixels[src + 1] ?? 0;
      colour[dst + 2] = pixels[src] ?? 0;
      colour[dst + 3] = pixels[src + 3] ?? 0;
      if ((pixels[src + 3] ?? 0) === 0) {
        const byte = row * maskStride + (x >> 3);
        mask[byte] = (mask[byte] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return Buffer.concat([header, colour, mask]);
}

/** An .ico file from images of the given sizes (PNG-compressed from 256 up, BMP below). */
export function encodeIco(sizes: readonly number[]): Buffer {
  const images = sizes.map((size) => {
    const pixels = renderIcon(size);
    return {
      size,
      data: size >= 256 ? encodePng(pixels, size, size) : encodeIcoBitmap(pixels, size),
    };
  });
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const image of images) {
    const entry = Buffer.alloc(16);
    entry[0] = image.size >= 256 ? 0 : image.size;
    entry[1] = image.size >= 256 ? 0 : image.size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(image.data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += image.data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

export const ICO_SIZES = [16, 24, 32, 48, 64, 256] as const;

if (import.meta.main) {
  const outDir = path.resolve(import.meta.dirname, '..', '..', 'resources', 'icons');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'icon.png'), encodePng(renderIcon(512), 512, 512));
  writeFileSync(path.join(outDir, 'icon.ico'), encodeIco(ICO_SIZES));
  console.log(`Wrote icon.png and icon.ico to ${outDir}`);
}
