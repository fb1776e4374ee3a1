import type { Compressor, CompressorSpec } from './compressor.ts';
import { IdentityCompressor } from './identity.ts';
import { NaturalCompressor } from './natural.ts';
import { QsgdCompressor } from './qsgd.ts';
import { RandKCompressor } from './rand-k.ts';

/**
 * A fresh compressor for a validated spec (see `parseCompressor`). Each call returns a new
 * instance, so RandK's scratch buffer is never shared by accident across threads.
 */
export function createCompressor(spec: CompressorSpec): Compressor {
  switch (spec.kind) {
    case 'identity':
      return new IdentityCompressor();
    case 'rand-k':
      return new RandKCompressor(spec.k);
    case 'qsgd':
      return new QsgdCompressor(spec.levels);
    case 'natural':
      return new NaturalCompressor();
  }
}
