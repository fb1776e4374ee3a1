import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGemmModule } from '../../src/linalg/gemm/build-gemm-module.ts';
import { clearFloat64Windows, float64Window } from '../../src/linalg/gemm/float64-windows.ts';
import { formatGemmModuleSource } from '../../src/linalg/gemm/gemm-module-source.ts';

describe('the embedded gemm module', () => {
  it('is exactly what build-gemm-module.ts assembles (else run write-gemm-module-bytes.ts)', () => {
    const embedded = readFileSync(new URL('../../src/linalg/gemm/gemm-module-bytes.ts', import.meta.url), 'utf8');
    expect(embedded).toBe(formatGemmModuleSource(buildGemmModule()));
  });
});

describe('float64Window', () => {
  it('returns the same view for the same array and range, a fresh one otherwise', () => {
    const array = new Float64Array([1, 2, 3, 4, 5]);
    const window = float64Window(array, 1, 4);
    expect(Array.from(window)).toEqual([2, 3, 4]);
    expect(float64Window(array, 1, 4)).toBe(window);
    expect(float64Window(array, 1, 3)).not.toBe(window);
    expect(float64Window(Float64Array.from(array), 1, 4)).not.toBe(window);
  });

  it('forgets every window when cleared', () => {
    const array = new Float64Array(3);
    const window = float64Window(array, 0, 2);
    clearFloat64Windows();
    expect(float64Window(array, 0, 2)).not.toBe(window);
  });

  it('sees later writes to the array (a view, not a copy)', () => {
    const array = new Float64Array(4);
    const window = float64Window(array, 2, 4);
    array[3] = 9;
    expect(window[1]).toBe(9);
  });
});
