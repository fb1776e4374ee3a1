import { A, ACCUMULATE, B, C, K, KERNEL_PARAMETERS, M, N } from './kernel-signature.ts';
import { F64, FunctionBody, I32, V128 } from './wasm-encoder.ts';
import { advance, advanceBy, countDown, whileStepFits } from './wasm-loops.ts';

/** Tile widths for a block of `rows` rows: at most eight f64x2 accumulators (see panel-tiles.ts). */
function columnSteps(rows: number): readonly number[] {
  return rows === 4 ? [2, 1] : [4, 2, 1];
}

/**
 * The kernel for C (+)= A·Bᵀ with A stored m×k and B stored n×k (gemmNT, the forward pass X·Wᵀ).
 * Every entry is a dot product of two contiguous rows, so the two lanes of an accumulator take
 * the even and the odd p, and the operands are read where they are stored (the packed regions
 * are not used). Packing Bᵀ into panels instead, as panel-tiles.ts does, keeps the naive
 * summation order but costs a transposing pass over B: measured 94 µs against 59 µs for
 * 4×784 · (128×784)ᵀ, the same at batch 128. The sum is therefore
 * (Σ even p + Σ odd p) [+ the last term when k is odd], then added to the old C: one fixed order
 * for each shape, not the naive loop's. A tile of 4×2 reads each row of B once per four rows
 * of A and keeps those four rows (25 KiB at k = 784) in L1.
 */
export function laneTiles(): FunctionBody {
  const f = new FunctionBody(KERNEL_PARAMETERS.length);
  const i = f.local(I32);
  const j = f.local(I32);
  const pairs = f.local(I32);
  const rowBytes = f.local(I32);
  const kBytes = f.local(I32);
  const aPointers = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const bPointers = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const cPointer = f.local(I32);
  const accumulators = Array.from({ length: 8 }, () => f.local(V128));
  const bVectors = Array.from({ length: 4 }, () => f.local(V128));
  const aVector = f.local(V128);
  const sum = f.local(F64);

  f.get(N).i32(8).i32Mul().set(rowBytes);
  f.get(K).i32(8).i32Mul().set(kBytes);

  const tile = (rows: number, columns: number) => {
    const accumulator = (r: number, c: number) => accumulators[r * columns + c];
    for (let r = 0; r < rows; r++) f.get(A).get(i).i32(r).i32Add().get(kBytes).i32Mul().i32Add().set(aPointers[r]);
    for (let c = 0; c < columns; c++) f.get(B).get(j).i32(c).i32Add().get(kBytes).i32Mul().i32Add().set(bPointers[c]);
    for (let a = 0; a < rows * columns; a++) f.v128Const0().set(accumulators[a]);
    f.get(K).i32(1).i32ShrU().set(pairs);
    countDown(f, pairs, () => {
      for (let c = 0; c < columns; c++) f.get(bPointers[c]).v128Load().set(bVectors[c]);
      for (let r = 0; r < rows; r++) {
        f.get(aPointers[r]).v128Load().set(aVector);
        for (let c = 0; c < columns; c++) {
          f.get(accumulator(r, c)).get(aVector).get(bVectors[c]).f64x2Mul().f64x2Add().set(accumulator(r, c));
        }
      }
      for (let r = 0; r < rows; r++) advance(f, aPointers[r], 16);
      for (let c = 0; c < columns; c++) advance(f, bPointers[c], 16);
    });
    // The pointers now sit on the last p when k is odd.
    f.get(C).get(i).get(N).i32Mul().get(j).i32Add().i32(8).i32Mul().i32Add().set(cPointer);
    for (let r = 0; r < rows; r++) {
      if (r > 0) advanceBy(f, cPointer, rowBytes);
      for (let c = 0; c < columns; c++) {
        f.get(accumulator(r, c)).f64x2ExtractLane(0).get(accumulator(r, c)).f64x2ExtractLane(1).f64Add().set(sum);
        f.get(K).i32(1).i32And().if();
        f.get(sum).get(aPointers[r]).f64Load().get(bPointers[c]).f64Load().f64Mul().f64Add().set(sum);
        f.end();
        f.get(ACCUMULATE).if();
        f.get(cPointer).f64Load(8 * c).get(sum).f64Add().set(sum);
        f.end();
        f.get(cPointer).get(sum).f64Store(8 * c);
      }
    }
  };

  f.i32(0).set(i);
  for (const rows of [4, 2, 1]) {
    whileStepFits(f, i, M, rows, () => {
      f.i32(0).set(j);
      for (const columns of columnSteps(rows)) whileStepFits(f, j, N, columns, () => tile(rows, columns));
    });
  }
  return f;
}
