import { clearFloat64Windows, float64Window } from './float64-windows.ts';
import { GEMM_MODULE_BASE64 } from './gemm-module-bytes.ts';

/**
 * The slice of the WebAssembly JavaScript API used here. TypeScript declares the API in its
 * DOM lib, which this project does not load; this module-scoped declaration names the global.
 */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
};

/** `(m, n, k, a, b, c, accumulate, packedA, packedB)`, addresses in bytes: see kernel-signature.ts. */
type Kernel = (m: number, n: number, k: number, a: number, b: number, c: number, accumulate: number, packedA: number, packedB: number) => void;

/** Which kernel of the module: the storage of A and B. */
export const NN = 0;
export const NT = 1;
export const TN = 2;
export type KernelId = typeof NN | typeof NT | typeof TN;

const PAGE_FLOATS = 65536 / 8;

function isKernel(value: unknown): value is Kernel {
  return typeof value === 'function' && value.length === 9;
}

/** The module's memory as floats, and its kernels indexed by KernelId. */
interface Instance {
  readonly heap: Float64Array;
  readonly kernels: readonly [Kernel, Kernel, Kernel];
}

let compiled: object | undefined;

function instantiate(pages: number): Instance {
  compiled ??= new WebAssembly.Module(Buffer.from(GEMM_MODULE_BASE64, 'base64'));
  const memory = new WebAssembly.Memory({ initial: pages });
  const { exports } = new WebAssembly.Instance(compiled, { env: { memory } });
  const kernel = (name: string): Kernel => {
    const value = exports[name];
    if (!isKernel(value)) throw new Error(`the gemm module has no kernel ${name}`);
    return value;
  };
  return { heap: new Float64Array(memory.buffer), kernels: [kernel('nn'), kernel('nt'), kernel('tn')] };
}

/** The first memory: 1 MiB, enough for the MLP's products at small batches. */
const FIRST_FLOATS = 16 * PAGE_FLOATS;

// One instance per thread (module state is per thread), made at the first product. When a
// product needs more memory, a new instance gets a memory at least twice as large and the old
// one is dropped: Memory.grow would detach the old ArrayBuffer, and the first detach in a
// process turns off V8's "no detached buffers" assumption, after which every optimized
// typed-array loop in the process checks for detachment (measured: the naive triple loop
// 1.77 → 1.19 GFLOP/s).
//
// WebAssembly arithmetic is IEEE round-to-nearest with no fused multiply-add, in the
// baseline and the optimizing tier alike, so a kernel's bits cannot depend on the tier that
// runs it or on the machine (only NaN payloads may).
let instance: Instance | undefined;

function instanceWithRoom(floats: number): Instance {
  if (instance !== undefined && floats <= instance.heap.length) return instance;
  const size = Math.max(floats, FIRST_FLOATS, 2 * (instance?.heap.length ?? 0));
  instance = instantiate(Math.ceil(size / PAGE_FLOATS));
  // Windows of the old memory would keep it alive.
  clearFloat64Windows();
  return instance;
}

/** Rounds a float count up to an even one: 16-byte aligned regions for the f64x2 loads. */
function even(count: number): number {
  return count + (count & 1);
}

/**
 * A window past the end of an array would be clamped by `subarray`, and the kernel would then
 * read whatever an earlier product left in memory: refuse instead (three comparisons a call).
 */
function checkFits(role: string, array: Float64Array, offset: number, length: number): void {
  if (offset + length > array.length) {
    throw new RangeError(`gemm: ${role} needs floats [${offset}, ${offset + length}) but its array has ${array.length}`);
  }
}

/**
 * C[m×n] (+)= op(A)·op(B) by kernel `id`. Memory holds, 16-byte aligned: A (m·k floats) and B
 * (k·n floats) copied as stored, C (m·n, copied in only when accumulating), then room to
 * repack A and B. The kernel writes C there and it is copied back, so only
 * c[cOffset, cOffset + m·n) is ever written. Every copy is one memcpy (TypedArray.set).
 */
export function multiplyInModule(
  id: KernelId,
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  c: Float64Array,
  cOffset: number,
  accumulate: boolean,
): void {
  const aLength = m * k;
  const bLength = k * n;
  const cLength = m * n;
  if (cLength === 0) return;
  checkFits('A', a, aOffset, aLength);
  checkFits('B', b, bOffset, bLength);
  checkFits('C', c, cOffset, cLength);
  const aAt = 0;
  const bAt = even(aLength);
  const cAt = bAt + even(bLength);
  const packedAAt = cAt + even(cLength);
  const packedBAt = packedAAt + even(aLength);
  const { heap, kernels } = instanceWithRoom(packedBAt + bLength);
  if (aLength > 0) heap.set(float64Window(a, aOffset, aOffset + aLength), aAt);
  if (bLength > 0) heap.set(float64Window(b, bOffset, bOffset + bLength), bAt);
  if (accumulate) heap.set(float64Window(c, cOffset, cOffset + cLength), cAt);
  kernels[id](m, n, k, aAt * 8, bAt * 8, cAt * 8, accumulate ? 1 : 0, packedAAt * 8, packedBAt * 8);
  c.set(float64Window(heap, cAt, cAt + cLength), cOffset);
}
