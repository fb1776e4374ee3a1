import { I32 } from './wasm-encoder.ts';

/**
 * The signature every kernel in the module shares,
 * `(m, n, k, a, b, c, accumulate, packedA, packedB)`: sizes; the byte addresses of A and B as
 * stored and of C (m×n, dense) in the module's memory; 1 to add A·B to the C already there or
 * 0 to overwrite it (C is not read then); byte addresses of room for m·k and k·n floats where
 * a kernel may repack A and B. Indices of the parameters as locals:
 */
export const M = 0;
export const N = 1;
export const K = 2;
export const A = 3;
export const B = 4;
export const C = 5;
export const ACCUMULATE = 6;
export const PACKED_A = 7;
export const PACKED_B = 8;

export const KERNEL_PARAMETERS = [I32, I32, I32, I32, I32, I32, I32, I32, I32] as const;

/**
 * Panel widths, widest first: a matrix is cut into panels of 4 lines while 4 remain, then at
 * most one of 2 and one of 1. Packing and tiling walk the same sequence, so the panel that
 * starts at line l always has the same width and sits at l·k floats from the packed base.
 */
export const PANEL_WIDTHS = [4, 2, 1] as const;
