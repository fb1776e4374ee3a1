import type { FunctionBody } from './wasm-encoder.ts';

/**
 * Emits `while (counter + step <= limit) { body(); counter += step; }` for i32 locals. After a
 * loop with step s, fewer than s iterations remain: a following loop with step s/2 runs at most
 * once, which is how the kernels peel the edges of the matrices.
 */
export function whileStepFits(f: FunctionBody, counter: number, limit: number, step: number, body: () => void): void {
  f.block().loop();
  f.get(counter).i32(step).i32Add().get(limit).i32GtS().brIf(1);
  body();
  f.get(counter).i32(step).i32Add().set(counter);
  f.br(0).end().end();
}

/**
 * Emits `while (count !== 0) { body(); count -= 1; }` for an i32 local; `count` ends at 0. Laid
 * out as a guarded do-while, so each iteration takes one branch, not two.
 */
export function countDown(f: FunctionBody, count: number, body: () => void): void {
  f.get(count).if().loop();
  body();
  f.get(count).i32(1).i32Sub().tee(count).brIf(0);
  f.end().end();
}

/** Emits `local += bytes` (a constant). */
export function advance(f: FunctionBody, local: number, bytes: number): void {
  f.get(local).i32(bytes).i32Add().set(local);
}

/** Emits `local += other` (another local). */
export function advanceBy(f: FunctionBody, local: number, other: number): void {
  f.get(local).get(other).i32Add().set(local);
}
