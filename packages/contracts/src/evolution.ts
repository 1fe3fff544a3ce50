import type { z } from 'zod';

/**
 * A consumer's reader for one event across its versions (EVOLUTION.md, rule 3). Each
 * accepted `type` has a schema and a mapping to the one model the consumer works with, so
 * the handler does not care which version arrived. A type without a reader is rejected,
 * which the subscription layer turns into a dead letter: never a silent misread.
 */
export function versionedReader<M>(readers: Record<string, { schema: z.ZodType; toModel: (data: never) => M }>) {
  return (envelope: { type: string; data: unknown }): M => {
    const reader = Object.hasOwn(readers, envelope.type) ? readers[envelope.type] : undefined;
    if (!reader) throw new Error(`unsupported event type '${envelope.type}'`);
    return reader.toModel(reader.schema.parse(envelope.data) as never);
  };
}
