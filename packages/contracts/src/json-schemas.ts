import { z } from 'zod';
import { eventCatalog, type EventType } from './events';

/**
 * The JSON Schema of an event's `data`, generated from its zod schema. Generated in input
 * mode, so unknown properties are allowed: readers tolerate fields added later (see
 * EVOLUTION.md). The committed copies under schemas/ are checked against these by a test.
 */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  return {
    ...z.toJSONSchema(eventCatalog[type].schema, { io: 'input' }),
    $id: `https://shop.example/schemas/events/${type}.json`,
    title: type,
    description: `data of the CloudEvent of type ${type}, published on ${eventCatalog[type].topic}`,
  };
}

export const schemaFileName = (type: EventType): string => `${type}.json`;
