/**
 * The generator's only source of randomness: a small, fast, seedable PRNG (sfc32) seeded from
 * a string, so that `new Prng('42:customers')` yields the same sequence on every machine and
 * every run. Each module forks its own named stream, so adding a module (or a draw to one)
 * never shifts the data another module produces.
 */

/** 128 bits of seed from a string (cyrb128). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Prng {
  readonly label: string;
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** @example const rng = new Prng('42:customers'); rng.int(1, 6); */
  constructor(label: string) {
    this.label = label;
    [this.#a, this.#b, this.#c, this.#d] = hash128(label);
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream named after this one: `rng.fork('ledger')`. */
  fork(name: string): Prng {
    return new Prng(`${this.label}/${name}`);
  }

  uint32(): number {
    this.#a >>>= 0;
    this.#b >>>= 0;
    this.#c >>>= 0;
    this.#d >>>= 0;
    let t = (this.#a + this.#b) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#d = (this.#d + 1) | 0;
    t = (t + this.#d) | 0;
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `digits(4)` → '0427'. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }

  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const z = (this.next() + this.next() + this.next() - 1.5) * 2;
    return Math.min(max, Math.max(min, mean + z * spread));
  }
}

/**
 * A weighted choice table built once and drawn from many times (O(log n) per draw).
 *
 * @example const lang = new Weighted([['en', 7], ['fr', 3]]); lang.draw(rng);
 */
export class Weighted<T> {
  readonly #items: T[];
  readonly #cumulative: number[];
  readonly #total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.#items = entries.map(([item]) => item);
    let sum = 0;
    this.#cumulative = entries.map(([, weight]) => (sum += weight));
    this.#total = sum;
    if (this.#total <= 0) throw new RangeError('Weighted needs a positive total weight');
  }

  draw(rng: Prng): T {
    const x = rng.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo] as T;
  }
}
