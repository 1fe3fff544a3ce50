/** The offsets port, read with Kafka's admin protocol (@platformatic/kafka, pure JavaScript). */
import { Admin } from '@platformatic/kafka';
import type { OffsetsSource, PartitionOffset } from './lag';

/** Kafka's ListOffsets timestamp for "the end of the log". */
const LATEST = -1n;

export function kafkaOffsets(admin: Admin): OffsetsSource {
  return {
    async groups() {
      const groups = await admin.listGroups();
      return [...groups.values()].filter((g) => g.protocolType === 'consumer').map((g) => g.id);
    },
    topics: () => admin.listTopics({ includeInternals: false }),
    async committed(group) {
      const [result] = await admin.listConsumerGroupOffsets({ groups: [group] });
      return (result?.topics ?? []).flatMap((t) =>
        t.partitions.map((p): PartitionOffset => ({
          topic: t.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
        })),
      );
    },
    async endOffsets(topics) {
      const metadata = await admin.metadata({ topics });
      const listed = await admin.listOffsets({
        topics: topics.map((name) => ({
          name,
          partitions: Array.from({ length: metadata.topics.get(name)?.partitionsCount ?? 0 }, (_, partitionIndex) => ({
            partitionIndex,
            timestamp: LATEST,
          })),
        })),
      });
      return listed.flatMap((t) =>
        t.partitions.map((p): PartitionOffset => ({ topic: t.name, partition: p.partitionIndex, offset: p.offset })),
      );
    },
  };
}
