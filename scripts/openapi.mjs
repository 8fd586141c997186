// `npm run openapi`: regenerates resources/openapi.json from the issuer API contract (the npm
// script compiles it to dist/ first).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE, renderOpenApi } from '../dist/issuer-api/openapi.js';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
writeFileSync(OPENAPI_FILE, renderOpenApi());
console.log(`wrote ${OPENAPI_FILE}`);
