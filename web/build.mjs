// Bundle the browser code into the Python package (src/oylama/service/_web/), so the service
// serves it with no build step and no CDN. `node build.mjs --check` rebuilds into memory and
// fails unless the committed files are byte for byte what a fresh build gives.
//
//   oylama-crypto.js  the crypto library (src/index.js), one ES module
//   app.js            the pages' code (src/app/main.js) + Leaflet; imports ./oylama-crypto.js
//   vendor/leaflet.css copied from the pinned leaflet package
//   spoiled.html      the spoiled-ballot checker (checker/main.js, its own code over noble, not
//                     src/): one self-contained page, script inlined, so that it also works
//                     saved to a file; the service serves it with a CSP naming the script's hash
//   schema/            the API documentation page's assets: Swagger UI from the pinned
//                      swagger-ui-dist package (bundle, CSS, licences) and src/schema/init.js

import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'oylama', 'service', '_web');
const check = process.argv.includes('--check');

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  write: false,
  legalComments: 'inline',
  charset: 'utf8',
  logLevel: 'warning',
  absWorkingDir: here,
};

const cryptoExternal = {
  name: 'crypto-external',
  setup(build) {
    build.onResolve({ filter: /(^|\/)oylama-crypto\.js$/ }, () => ({ path: './oylama-crypto.js', external: true }));
  },
};

async function bundle(entry, plugins = []) {
  const r = await esbuild.build({ ...common, entryPoints: [join(here, entry)], plugins, outdir: out });
  if (r.outputFiles.length !== 1) throw new Error('expected one output file');
  return r.outputFiles[0].contents;
}

/** The checker page: checker/page.html with the checker bundle (an IIFE) inlined. */
async function checkerPage() {
  const r = await esbuild.build({ ...common, format: 'iife', entryPoints: [join(here, 'checker', 'main.js')], outdir: out });
  if (r.outputFiles.length !== 1) throw new Error('expected one output file');
  const script = Buffer.from(r.outputFiles[0].contents).toString('utf8');
  if (/<\/script|<!--/i.test(script)) throw new Error('the checker bundle cannot be inlined as is');
  const page = readFileSync(join(here, 'checker', 'page.html'), 'utf8');
  if (!page.includes('<script>/*SCRIPT*/</script>')) throw new Error('checker/page.html: no script slot');
  return Buffer.from(page.replace('<script>/*SCRIPT*/</script>', () => `<script>${script}</script>`), 'utf8');
}

const swagger = (name) => readFileSync(join(here, 'node_modules', 'swagger-ui-dist', name));

const files = {
  'oylama-crypto.js': await bundle('src/index.js'),
  'app.js': await bundle('src/app/main.js', [cryptoExternal]),
  'vendor/leaflet.css': readFileSync(join(here, 'node_modules', 'leaflet', 'dist', 'leaflet.css')),
  'spoiled.html': await checkerPage(),
  'schema/swagger-ui-bundle.js': swagger('swagger-ui-bundle.js'),
  'schema/swagger-ui-bundle.js.LICENSE.txt': swagger('swagger-ui-bundle.js.LICENSE.txt'),
  'schema/swagger-ui.css': swagger('swagger-ui.css'),
  'schema/LICENSE': swagger('LICENSE'),
  'schema/NOTICE': swagger('NOTICE'),
  'schema/init.js': readFileSync(join(here, 'src', 'schema', 'init.js')),
};

let bad = 0;
for (const [name, bytes] of Object.entries(files)) {
  const path = join(out, name);
  if (check) {
    let old = null;
    try { old = readFileSync(path); } catch { /* missing */ }
    if (old === null || Buffer.compare(old, Buffer.from(bytes)) !== 0) {
      console.error(`${name}: differs from a fresh build (run npm run build and commit)`);
      bad += 1;
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    console.log(`wrote ${path} (${bytes.length} bytes)`);
  }
}
if (bad) process.exit(1);
if (check) console.log('bundles match a fresh build');
