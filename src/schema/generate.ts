/**
 * Everything `npm run schema` writes, as (path, content) pairs, so the script and the staleness test
 * produce byte-identical output from one function.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSettingsSchema } from './build.js';
import { buildHierarchySchema } from './build-hierarchy.js';
import { editorSchemaFiles, levelEditorSchemaFiles } from './editor-schema.js';
import { renderHierarchyModule, renderSchemaModule } from './render-module.js';

export const VENDORED_OPENAPI = 'src/schema/vendor/zoom-users-api-openapi.json';
export const GENERATED_MODULE = 'src/schema/generated/settings-schema.ts';
export const VENDORED_ACCOUNTS_OPENAPI = 'src/schema/vendor/zoom-accounts-api-openapi.json';
export const GENERATED_HIERARCHY_MODULE = 'src/schema/generated/hierarchy-schema.ts';
export const EDITOR_SCHEMA_DIR = 'desired-state/.schema';

export interface GeneratedFile {
  path: string;
  content: string;
}

function readDocument(path: string): { doc: unknown; sha256: string } {
  const raw = readFileSync(path);
  return { doc: JSON.parse(raw.toString('utf8')), sha256: createHash('sha256').update(raw).digest('hex') };
}

export function generatedFiles(root = '.'): GeneratedFile[] {
  const users = readDocument(`${root}/${VENDORED_OPENAPI}`);
  const schema = buildSettingsSchema(users.doc, users.sha256);
  const hierarchy = buildHierarchySchema(readDocument(`${root}/${VENDORED_ACCOUNTS_OPENAPI}`), users, schema);
  return [
    { path: `${root}/${GENERATED_MODULE}`, content: renderSchemaModule(schema) },
    { path: `${root}/${GENERATED_HIERARCHY_MODULE}`, content: renderHierarchyModule(hierarchy) },
    ...[...editorSchemaFiles(schema), ...levelEditorSchemaFiles(hierarchy)].map((file) => ({
      path: `${root}/${EDITOR_SCHEMA_DIR}/${file.name}`,
      content: `${JSON.stringify(file.schema, null, 2)}\n`,
    })),
  ];
}
