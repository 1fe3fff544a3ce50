import { lagExporter } from './exporter';
import { readLag, type OffsetsSource, type PartitionOffset } from './lag';

const offsets = (topic: string, ...values: number[]): PartitionOffset[] =>
  values.map((v, partition) => ({ topic, partition, offset: BigInt(v) }));

/** A fake of the offsets port (ours), standing in for a broker. */
function source(committed: Record<string, PartitionOffset[]>, ends: PartitionOffset[]): OffsetsSource {
  return {
    groups: () => Promise.resolve(Object.keys(committed)),
    topics: () => Promise.resolve([...new Set(ends.map((e) => e.topic))]),
    committed: (g) => Promise.resolve(committed[g] ?? []),
    endOffsets: (topics) => Promise.resolve(ends.filter((e) => topics.includes(e.topic))),
  };
}

describe('consumer lag', () => {
  it('is the end offset minus the committed offset, per group and partition', async () => {
    const snapshot = await readLag(
      source(
        { inventory: offsets('orders', 10, 7, 0), payment: offsets('orders', 4, 7, 0) },
        offsets('orders', 12, 7, 3),
      ),
    );
    expect(snapshot.lags.map((l) => [l.group, l.partition, Number(l.lag)])).toEqual([
      ['inventory', 0, 2],
      ['inventory', 1, 0],
      ['inventory', 2, 3],
      ['payment', 0, 8],
      ['payment', 1, 0],
      ['payment', 2, 3],
    ]);
  });

  it('counts a partition without a commit (-1) as wholly unread', async () => {
    const snapshot = await readLag(source({ g: offsets('t', -1) }, offsets('t', 5)));
    expect(snapshot.lags[0]).toMatchObject({ committed: -1n, lag: 5n });
  });

  it('reads the end offsets of every topic, also those no group reads', async () => {
    const snapshot = await readLag(source({ g: offsets('a', 1) }, [...offsets('a', 1), ...offsets('b.dlq', 9)]));
    expect(snapshot.endOffsets.map((e) => [e.topic, Number(e.offset)])).toEqual([
      ['a', 1],
      ['b.dlq', 9],
    ]);
    expect(snapshot.lags.map((l) => l.topic)).toEqual(['a']);
  });
});

describe('the exporter', () => {
  it('serves lag under kafka_exporter names, with a per-topic sum', async () => {
    const exporter = lagExporter(source({ inventory: offsets('orders', 1, 2) }, offsets('orders', 4, 2)), () => {});
    await exporter.refresh();
    const text = await exporter.registry.metrics();
    expect(text).toContain('kafka_consumergroup_lag{consumergroup="inventory",topic="orders",partition="0"} 3');
    expect(text).toContain('kafka_consumergroup_lag_sum{consumergroup="inventory",topic="orders"} 3');
    expect(text).toContain('kafka_topic_partition_current_offset{topic="orders",partition="0"} 4');
    expect(text).toContain('kafka_up 1');
  });

  it('reports kafka_up 0 and drops stale lag when Kafka cannot be read', async () => {
    const errors: unknown[] = [];
    let fail = false;
    const s = source({ g: offsets('t', 1) }, offsets('t', 3));
    const exporter = lagExporter({ ...s, groups: () => (fail ? Promise.reject(new Error('down')) : s.groups()) }, (e) =>
      errors.push(e),
    );
    await exporter.refresh();
    fail = true;
    await exporter.refresh();
    const text = await exporter.registry.metrics();
    expect(text).toContain('kafka_up 0');
    expect(text).not.toMatch(/^kafka_consumergroup_lag\{/m);
    expect(errors).toHaveLength(1);
  });
});
