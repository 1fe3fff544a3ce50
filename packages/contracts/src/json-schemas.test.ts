import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eventCatalog, eventJsonSchema, parseDomainEvent, schemaFileName, type EventType } from './index';

const dir = path.resolve(__dirname, '..', 'schemas');
const types = Object.keys(eventCatalog) as EventType[];

describe('committed JSON Schemas', () => {
  it.each(types)('%s matches its zod schema (run `npm run contracts:schemas` after a change)', (type) => {
    const committed = JSON.parse(readFileSync(path.join(dir, schemaFileName(type)), 'utf8')) as unknown;
    expect(committed).toEqual(eventJsonSchema(type));
  });

  it('has no file for an event type that no longer exists', () => {
    expect(readdirSync(dir).sort()).toEqual(types.map(schemaFileName).sort());
  });
});

describe('evolving an event within a version', () => {
  it('lets a v1 reader accept a v1 event that gained a field (tolerant reader)', () => {
    const data = {
      orderId: '0b5e0a51-4a0e-4d8a-9b43-6c1b2f6b9a10',
      reason: 'out of stock',
      unavailable: ['SKU-MUG'],
      warehouse: 'north',
    };
    const event = parseDomainEvent({ type: 'shop.inventory.rejected.v1', data });
    expect(event.data).toEqual({ orderId: data.orderId, reason: data.reason, unavailable: data.unavailable });
    expect(eventJsonSchema('shop.inventory.rejected.v1')).not.toHaveProperty('additionalProperties', false);
  });
});
