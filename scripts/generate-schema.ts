/**
 * `npm run schema`: regenerates src/schema/generated/settings-schema.ts and the editor schema in
 * desired-state/.schema/ from the vendored OpenAPI document. The output is committed; a test fails when stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generatedFiles } from '../src/schema/generate.js';

for (const file of generatedFiles()) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content);
  console.log(`wrote ${file.path}`);
}
