/** Writes packages/contracts/schemas/<type>.json from the zod schemas: `npm run contracts:schemas`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventCatalog, eventJsonSchema, schemaFileName, type EventType } from '../packages/contracts/src';

const dir = path.resolve(__dirname, '..', 'packages', 'contracts', 'schemas');
mkdirSync(dir, { recursive: true });
for (const type of Object.keys(eventCatalog) as EventType[]) {
  writeFileSync(path.join(dir, schemaFileName(type)), JSON.stringify(eventJsonSchema(type), null, 2) + '\n');
}
console.log(`wrote ${Object.keys(eventCatalog).length} schemas to ${dir}`);
