/**
 * Seed derivation: every random stream in a run is keyed by `(root seed, stream name)`, so adding
 * a worker or a fault source never shifts the draws of any other stream.
 */

/** murmur3's 32-bit finaliser: a bijective avalanche mix of one 32-bit word. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of `text`, finalised with {@link mix32}. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Combines two 32-bit words into one well-mixed 32-bit word (order matters). */
export function combineSeeds(a: number, b: number): number {
  return mix32((Math.imul(mix32(a), 0x9e3779b1) ^ mix32(b + 0x7f4a7c15)) >>> 0);
}

/**
 * The seed of the stream `name` under `rootSeed`. Root seeds may be any safe integer; both
 * 32-bit halves take part.
 */
export function deriveSeed(rootSeed: number, name: string): number {
  const low = rootSeed >>> 0;
  const high = Math.floor(rootSeed / 0x1_0000_0000) >>> 0;
  return hashString(name, combineSeeds(low, high));
}

/** Four state words for xoroshiro128+ from one 32-bit seed (never all zero). */
export function expandSeed(seed: number): [number, number, number, number] {
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let x = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    words[i] = mix32(x) | 0;
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words;
}
