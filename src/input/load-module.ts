import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Loads a user's TypeScript or JavaScript module (a scenario, a problem) and returns its
 * namespace. The module and the files it imports by relative path are bundled by esbuild into
 * one ES module, held in memory, whose package imports (`roundtable`, anything from
 * node_modules) are resolved from the module's own directory to absolute files: so a scenario
 * importing 'roundtable' gets the very instance already loaded, not a second copy of the
 * library, and it loads as an ES module whatever package.json it sits under. (tsx's scoped
 * import, the fallback, reloads the whole library behind it: 0.3 s of start-up.)
 */
export async function loadUserModule(absolute: string): Promise<Record<string, unknown>> {
  try {
    return await bundleAndImport(absolute);
  } catch (error) {
    if (!(error instanceof BundlerUnavailable)) throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
  }
}

/** esbuild could not be loaded or started: tsx does the job instead. */
class BundlerUnavailable extends Error {}

async function bundleAndImport(absolute: string): Promise<Record<string, unknown>> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new BundlerUnavailable(String(error));
  }
  const resolveFrom = createRequire(absolute);
  const result = await esbuild.build({
    entryPoints: [absolute],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    // The module's own import.meta.url, as if it were loaded from where it is.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(absolute).href) },
    plugins: [
      {
        name: 'packages-from-the-module-directory',
        setup(build) {
          build.onResolve({ filter: /^[^./]|^\.[^./]|^\.\.[^/]/ }, (args) => {
            if (args.path.startsWith('node:')) return { path: args.path, external: true };
            // A package (or a Node builtin): left to Node, by absolute file URL.
            try {
              const resolved = resolveFrom.resolve(args.path, { paths: [dirname(args.importer)] });
              return { path: resolved.startsWith('/') ? pathToFileURL(resolved).href : resolved, external: true };
            } catch {
              return { path: args.path, external: true };
            }
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0].text;
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, unknown>;
}
