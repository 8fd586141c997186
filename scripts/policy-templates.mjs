// `npm run policy-templates`: regenerates the Group Policy templates (ADMX, ADML en-US and ko-KR)
// in resources/policy from the console's policy table (the npm script compiles it to dist/ first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyTemplates } from '../dist/main/config/admx.js';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
for (const [file, text] of Object.entries(policyTemplates())) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
