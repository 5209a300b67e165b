// Bundle the browser code into the Python package (src/oylama/service/_web/), so the service
// serves it with no build step and no CDN. `node build.mjs --check` rebuilds into memory and
// fails unless the committed files are byte for byte what a fresh build gives.
//
//   oylama-crypto.js  the crypto library (src/index.js), one ES module, not minified: the code
//                     that encrypts a voter's choices stays readable in what the server ships
//                     (and tests/redteam patch it as text to play a cheating device)
//   app.js            the pages' code (src/app/main.js), minified; imports the crypto library
//   leaflet-map.js    Leaflet and the tile map (src/app/leafletmap.js), minified, loaded only
//                     when a tile server is configured and a map is drawn
//   vendor/leaflet.css, vendor/images/*.png  copied from the pinned leaflet package
//   console.js        the staff console (src/console/main.js): its own entry, so the residents'
//                     pages never load it; console.html and console.css are its shell and styles
//   spoiled.html      the spoiled-ballot checker (checker/main.js, its own code over noble, not
//                     src/): one self-contained page, script inlined, so that it also works
//                     saved to a file; the service serves it with a CSP naming the script's hash
//   schema/            the API documentation page's assets: Swagger UI from the pinned
//                      swagger-ui-dist package (bundle, CSS, licences) and src/schema/init.js
//
// The files keep their plain names; the service serves each at a content-hashed URL as well
// (`/_web/app.<first 12 hex digits of its SHA-256>.js`, cached `immutable`, see
// oylama.service._web_assets). The bundles refer to one another by those hashed URLs, so a
// reference is computed here from the exact bytes it names (assetName below: the same rule).

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

/** `name.ext` -> `name.<12 hex digits of SHA-256(bytes)>.ext`: the URL the service serves it at. */
function assetName(name, bytes) {
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${digest}${name.slice(dot)}`;
}

/** Imports of `./NAME` (one of `names`) become imports of its hashed URL, left external. */
function hashedExternals(names) {
  return {
    name: 'hashed-externals',
    setup(build) {
      for (const [file, hashed] of Object.entries(names)) {
        const filter = new RegExp(`(^|/)${file.replace(/[.]/g, '\\.')}$`);
        build.onResolve({ filter }, () => ({ path: `./${hashed}`, external: true }));
      }
    },
  };
}

async function bundle(entry, plugins = [], options = {}) {
  const r = await esbuild.build({ ...common, ...options, entryPoints: [join(here, entry)], plugins, outdir: out });
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

const leaflet = (name) => readFileSync(join(here, 'node_modules', 'leaflet', 'dist', name));
const minify = { minify: true, legalComments: 'eof' };
const cryptoJs = await bundle('src/index.js');
const leafletCss = leaflet('leaflet.css');
const leafletMap = await bundle('src/app/leafletmap.js', [], {
  ...minify, define: { LEAFLET_CSS: JSON.stringify(`/_web/vendor/${assetName('leaflet.css', leafletCss)}`) },
});
const appJs = await bundle('src/app/main.js', [hashedExternals({
  'oylama-crypto.js': assetName('oylama-crypto.js', cryptoJs),
  'leaflet-map.js': assetName('leaflet-map.js', leafletMap),
})], minify);

const files = {
  'oylama-crypto.js': cryptoJs,
  'app.js': appJs,
  'leaflet-map.js': leafletMap,
  'vendor/leaflet.css': leafletCss,
  ...Object.fromEntries(readdirSync(join(here, 'node_modules', 'leaflet', 'dist', 'images'))
    .map((f) => [`vendor/images/${f}`, leaflet(`images/${f}`)])),
  'console.js': await bundle('src/console/main.js'),
  'console.html': readFileSync(join(here, 'console.html')),
  'console.css': readFileSync(join(here, 'console.css')),
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
