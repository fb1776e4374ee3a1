import { KERNEL_PARAMETERS } from './kernel-signature.ts';
import { laneTiles } from './lane-tiles.ts';
import { panelTiles } from './panel-tiles.ts';
import { encodeModule } from './wasm-encoder.ts';

/**
 * Assembles the gemm WebAssembly module: kernels `nn`, `nt`, `tn`, one per storage of A and B.
 * Its bytes are embedded in gemm-module-bytes.ts (no toolchain at install or run time); after
 * changing a kernel, regenerate them with
 * `node --import tsx src/linalg/gemm/write-gemm-module-bytes.ts`. A test checks they agree.
 */
export function buildGemmModule(): Uint8Array {
  return encodeModule([
    { name: 'nn', parameters: KERNEL_PARAMETERS, body: panelTiles('steps-adjacent', 'lines-adjacent') },
    { name: 'nt', parameters: KERNEL_PARAMETERS, body: laneTiles() },
    { name: 'tn', parameters: KERNEL_PARAMETERS, body: panelTiles('lines-adjacent', 'lines-adjacent') },
  ]);
}
