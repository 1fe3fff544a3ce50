/**
 * Consumer lag from two reads of Kafka: each group's committed offsets and each partition's
 * end offset. The reads sit behind a port so the arithmetic is testable without a broker.
 */

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: bigint;
}

export interface OffsetsSource {
  /** Ids of the consumer groups the cluster knows. */
  groups(): Promise<string[]>;
  /** Names of the topics (Kafka's internal ones left out). */
  topics(): Promise<string[]>;
  /** Offsets a group has committed (the next offset it will read), per partition. */
  committed(group: string): Promise<PartitionOffset[]>;
  /** The end offset (the next offset to be written) of every partition of these topics. */
  endOffsets(topics: string[]): Promise<PartitionOffset[]>;
}

export interface GroupLag {
  group: string;
  topic: string;
  partition: number;
  committed: bigint;
  end: bigint;
  lag: bigint;
}

export interface LagSnapshot {
  lags: GroupLag[];
  endOffsets: PartitionOffset[];
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * Lag of every group on every partition it has an entry for. A committed offset of -1 (no
 * commit yet) counts as 0: the whole partition is unread.
 */
export async function readLag(source: OffsetsSource): Promise<LagSnapshot> {
  const groups = await source.groups();
  const committedByGroup = await Promise.all(
    groups.map(async (g) => ({ group: g, offsets: await source.committed(g) })),
  );
  // Every topic's end offset, read or not: an unread dead-letter topic still shows what it holds.
  const topics = [
    ...new Set([...(await source.topics()), ...committedByGroup.flatMap((c) => c.offsets.map((o) => o.topic))]),
  ].sort();
  const endOffsets = topics.length > 0 ? await source.endOffsets(topics) : [];
  const ends = new Map(endOffsets.map((e) => [key(e.topic, e.partition), e.offset]));
  const lags: GroupLag[] = [];
  for (const { group, offsets } of committedByGroup) {
    for (const o of offsets) {
      const end = ends.get(key(o.topic, o.partition));
      if (end === undefined) continue;
      const committed = o.offset < 0n ? 0n : o.offset;
      const lag = end > committed ? end - committed : 0n;
      lags.push({ group, topic: o.topic, partition: o.partition, committed: o.offset, end, lag });
    }
  }
  lags.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { lags, endOffsets };
}
