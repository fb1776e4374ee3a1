export { IdentityCompressor } from './identity.ts';
export { RandKCompressor } from './rand-k.ts';
export { QsgdCompressor } from './qsgd.ts';
export { NaturalCompressor } from './natural.ts';
export { createCompressor } from './create-compressor.ts';
export { parseCompressor, COMPRESSOR_KINDS } from './parse-compressor.ts';
export type { Compressor, CompressorSpec } from './compressor.ts';
export type { CompressorKind } from './parse-compressor.ts';
