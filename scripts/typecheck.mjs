// `npm run typecheck`: each side with its own tsconfig.
import { fileURLToPath } from 'node:url';
import { typecheckAll } from './lib/typecheck.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
process.exit(typecheckAll().every((result) => result.ok) ? 0 : 1);
