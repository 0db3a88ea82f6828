/**
 * Everything `npm run schema` writes, as (path, content) pairs, so the script and the staleness test
 * produce byte-identical output from one function.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSettingsSchema } from './build.js';
import { editorSchemaFiles } from './editor-schema.js';
import { renderSchemaModule } from './render-module.js';

export const VENDORED_OPENAPI = 'src/schema/vendor/zoom-users-api-openapi.json';
export const GENERATED_MODULE = 'src/schema/generated/settings-schema.ts';
export const EDITOR_SCHEMA_DIR = 'desired-state/.schema';

export interface GeneratedFile {
  path: string;
  content: string;
}

export function generatedFiles(root = '.'): GeneratedFile[] {
  const raw = readFileSync(`${root}/${VENDORED_OPENAPI}`);
  const sha = createHash('sha256').update(raw).digest('hex');
  const schema = buildSettingsSchema(JSON.parse(raw.toString('utf8')), sha);
  return [
    { path: `${root}/${GENERATED_MODULE}`, content: renderSchemaModule(schema) },
    ...editorSchemaFiles(schema).map((file) => ({
      path: `${root}/${EDITOR_SCHEMA_DIR}/${file.name}`,
      content: `${JSON.stringify(file.schema, null, 2)}\n`,
    })),
  ];
}
