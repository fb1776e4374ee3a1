import { A, ACCUMULATE, B, C, K, KERNEL_PARAMETERS, M, N, PACKED_A, PACKED_B, PANEL_WIDTHS } from './kernel-signature.ts';
import { emitPack, type OperandLayout } from './pack-panels.ts';
import { FunctionBody, I32, V128 } from './wasm-encoder.ts';
import { advance, advanceBy, countDown, whileStepFits } from './wasm-loops.ts';

/**
 * A kernel for C (+)= op(A)·op(B): pack both operands into panels (pack-panels.ts), then
 * compute C in register tiles of up to 4×4 entries held in eight f64x2 accumulators, each a
 * pair of neighbouring columns. Per step p a tile loads its four B(p, j..j+3) as two vectors
 * and each A(i + r, p) as a splat; eight accumulators is the sweet spot measured here (V8 keeps
 * 16 SIMD registers; 6×4, 4×6 and 3×8 tiles spill and run at ~60% of the speed of 4×4).
 *
 * Every entry is summed exactly as the naive loop sums it (from 0 over p = 0, 1, …, k − 1,
 * a multiply then an add, then added to the old C), so results are bit-identical to
 * gemm-reference.ts. `aLayout` and `bLayout` say how A and B are stored (see OperandLayout).
 */
export function panelTiles(aLayout: OperandLayout, bLayout: OperandLayout): FunctionBody {
  const f = new FunctionBody(KERNEL_PARAMETERS.length);
  const aStride = f.local(I32);
  const bStride = f.local(I32);
  const rowBytes = f.local(I32);
  f.get(aLayout === 'lines-adjacent' ? M : K).i32(8).i32Mul().set(aStride);
  f.get(bLayout === 'lines-adjacent' ? N : K).i32(8).i32Mul().set(bStride);
  f.get(N).i32(8).i32Mul().set(rowBytes);
  emitPack(f, { layout: aLayout, lines: M, base: A, stride: aStride, packed: PACKED_A });
  emitPack(f, { layout: bLayout, lines: N, base: B, stride: bStride, packed: PACKED_B });

  const i = f.local(I32);
  const j = f.local(I32);
  const step = f.local(I32);
  const aPointer = f.local(I32);
  const bPointer = f.local(I32);
  const cPointer = f.local(I32);
  const accumulators = Array.from({ length: 8 }, () => f.local(V128));
  const bVectors = [f.local(V128), f.local(V128)];
  const aSplat = f.local(V128);

  const tile = (rows: number, columns: number) => {
    const vectors = Math.ceil(columns / 2);
    const accumulator = (r: number, v: number) => accumulators[r * vectors + v];
    f.get(PACKED_A).get(i).get(K).i32Mul().i32(8).i32Mul().i32Add().set(aPointer);
    f.get(PACKED_B).get(j).get(K).i32Mul().i32(8).i32Mul().i32Add().set(bPointer);
    for (let a = 0; a < rows * vectors; a++) f.v128Const0().set(accumulators[a]);
    f.get(K).set(step);
    countDown(f, step, () => {
      for (let v = 0; v < vectors; v++) {
        // A one-column panel splats its float; both lanes then compute the same entry.
        if (columns === 1) f.get(bPointer).v128Load64Splat().set(bVectors[v]);
        else f.get(bPointer).v128Load(16 * v).set(bVectors[v]);
      }
      for (let r = 0; r < rows; r++) {
        f.get(aPointer).v128Load64Splat(8 * r).set(aSplat);
        for (let v = 0; v < vectors; v++) {
          f.get(accumulator(r, v)).get(aSplat).get(bVectors[v]).f64x2Mul().f64x2Add().set(accumulator(r, v));
        }
      }
      advance(f, aPointer, 8 * rows);
      advance(f, bPointer, 8 * columns);
    });
    f.get(C).get(i).get(N).i32Mul().get(j).i32Add().i32(8).i32Mul().i32Add().set(cPointer);
    for (let r = 0; r < rows; r++) {
      if (r > 0) advanceBy(f, cPointer, rowBytes);
      // old C + Σ, the reference's order (IEEE addition commutes, so operand order is free).
      f.get(ACCUMULATE).if();
      for (let v = 0; v < vectors; v++) {
        f.get(cPointer);
        if (columns === 1) f.v128Load64Splat();
        else f.v128Load(16 * v);
        f.get(accumulator(r, v)).f64x2Add().set(accumulator(r, v));
      }
      f.end();
      for (let v = 0; v < vectors; v++) {
        if (columns === 1) f.get(cPointer).get(accumulator(r, v)).f64x2ExtractLane(0).f64Store();
        else f.get(cPointer).get(accumulator(r, v)).v128Store(16 * v);
      }
    }
  };

  f.i32(0).set(i);
  for (const rows of PANEL_WIDTHS) {
    whileStepFits(f, i, M, rows, () => {
      f.i32(0).set(j);
      for (const columns of PANEL_WIDTHS) whileStepFits(f, j, N, columns, () => tile(rows, columns));
    });
  }
  return f;
}
