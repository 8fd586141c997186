import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, renderOpenApi } from './openapi.js';

/** `npm run openapi`: regenerates resources/openapi.json from the contract. */
writeFileSync(OPENAPI_FILE, renderOpenApi());
console.log(`wrote ${OPENAPI_FILE}`);
