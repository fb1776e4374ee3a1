import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGemmModule } from './build-gemm-module.ts';
import { formatGemmModuleSource } from './gemm-module-source.ts';

/** Regenerates gemm-module-bytes.ts from the kernels: `node --import tsx <this file>`. */
const target = fileURLToPath(new URL('./gemm-module-bytes.ts', import.meta.url));
writeFileSync(target, formatGemmModuleSource(buildGemmModule()));
console.log(`wrote ${target}`);
