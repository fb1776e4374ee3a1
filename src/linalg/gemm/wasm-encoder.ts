/**
 * A tiny WebAssembly binary encoder: just the sections and opcodes the gemm kernels use
 * (i32 arithmetic, loops, f64 and 128-bit SIMD loads, stores and arithmetic). It exists so the
 * kernels can be written as readable TypeScript that emits bytes, with no toolchain and no npm
 * dependency; gemm-module-bytes.ts holds its output, checked against it by a test.
 */

/** The value types the kernels use. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** log2 of the natural alignment, as a memarg wants it. */
const ALIGN_F64 = 3;
const ALIGN_V128 = 4;

/**
 * The body of one function, built instruction by instruction. Memory offsets are in bytes and
 * must be non-negative constants; addresses come from the i32 on the stack.
 */
export class FunctionBody {
  private readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];

  constructor(private readonly parameterCount: number) {}

  /** Declares a local of `type` and returns its index (parameters come first). */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.parameterCount + this.localTypes.length - 1;
  }

  get(index: number): this {
    return this.emit(0x20, ...unsignedLeb(index));
  }
  set(index: number): this {
    return this.emit(0x21, ...unsignedLeb(index));
  }
  tee(index: number): this {
    return this.emit(0x22, ...unsignedLeb(index));
  }

  i32(value: number): this {
    return this.emit(0x41, ...signedLeb(value));
  }
  i32Add(): this {
    return this.emit(0x6a);
  }
  i32Sub(): this {
    return this.emit(0x6b);
  }
  i32Mul(): this {
    return this.emit(0x6c);
  }
  i32GtS(): this {
    return this.emit(0x4a);
  }
  i32And(): this {
    return this.emit(0x71);
  }
  i32ShrU(): this {
    return this.emit(0x76);
  }

  /** `block` with no result; `br` depth 0 inside it jumps past its `end`. */
  block(): this {
    return this.emit(0x02, 0x40);
  }
  /** `loop` with no result; `br` depth 0 inside it jumps back to its start. */
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  /** `if` with no result, on the i32 on the stack. */
  if(): this {
    return this.emit(0x04, 0x40);
  }
  end(): this {
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...unsignedLeb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...unsignedLeb(depth));
  }

  f64Load(offset = 0): this {
    return this.emit(0x2b, ALIGN_F64, ...unsignedLeb(offset));
  }
  f64Store(offset = 0): this {
    return this.emit(0x39, ALIGN_F64, ...unsignedLeb(offset));
  }
  f64Add(): this {
    return this.emit(0xa0);
  }
  f64Mul(): this {
    return this.emit(0xa2);
  }

  v128Load(offset = 0): this {
    return this.simd(0x00, ALIGN_V128, ...unsignedLeb(offset));
  }
  /** Loads one f64 and copies it into both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a, ALIGN_F64, ...unsignedLeb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, ALIGN_V128, ...unsignedLeb(offset));
  }
  v128Const0(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x21, lane);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  /** The encoded body: local declarations (runs of one type), code, final `end`. */
  encode(): number[] {
    const runs: number[][] = [];
    let start = 0;
    for (let i = 1; i <= this.localTypes.length; i++) {
      if (i < this.localTypes.length && this.localTypes[i] === this.localTypes[start]) continue;
      runs.push([...unsignedLeb(i - start), this.localTypes[start]]);
      start = i;
    }
    const body = [...vector(runs), ...this.code, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  }

  private simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...unsignedLeb(opcode), ...immediates);
  }

  private emit(...bytes: number[]): this {
    for (const byte of bytes) this.code.push(byte);
    return this;
  }
}

/** One exported function: its name, parameter types (no results) and body. */
export interface ExportedFunction {
  readonly name: string;
  readonly parameters: readonly ValueType[];
  readonly body: FunctionBody;
}

function section(id: number, contents: number[]): number[] {
  return [id, ...unsignedLeb(contents.length), ...contents];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/**
 * A module that imports its memory as `env.memory` (so JavaScript owns it and can grow it)
 * and exports `functions`, none of which returns a value.
 */
export function encodeModule(functions: readonly ExportedFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.parameters.map((t) => [t])), 0]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, 0x01];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ];
  return Uint8Array.from(bytes);
}
