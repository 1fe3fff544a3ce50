/**
 * The Prometheus view of a lag snapshot, read fresh from Kafka on every scrape. Metric and
 * label names are kafka_exporter's (which Strimzi's Kafka Exporter runs), so one set of
 * dashboards and alerts serves the local platform and a cluster.
 */
import { Gauge, Registry } from 'prom-client';
import { readLag, type OffsetsSource } from './lag';

export interface LagExporter {
  registry: Registry;
  /** Reads offsets from Kafka into the gauges; call before each scrape is served. */
  refresh(): Promise<void>;
}

export function lagExporter(source: OffsetsSource, onError: (err: unknown) => void): LagExporter {
  const registry = new Registry();
  const groupLabels = ['consumergroup', 'topic', 'partition'] as const;
  const lag = new Gauge({
    name: 'kafka_consumergroup_lag',
    help: 'Messages a consumer group has yet to read, per topic and partition (end offset minus committed offset)',
    labelNames: groupLabels,
    registers: [registry],
  });
  const lagSum = new Gauge({
    name: 'kafka_consumergroup_lag_sum',
    help: 'Messages a consumer group has yet to read, per topic',
    labelNames: ['consumergroup', 'topic'] as const,
    registers: [registry],
  });
  const current = new Gauge({
    name: 'kafka_consumergroup_current_offset',
    help: 'Offset a consumer group has committed, per topic and partition',
    labelNames: groupLabels,
    registers: [registry],
  });
  const end = new Gauge({
    name: 'kafka_topic_partition_current_offset',
    help: 'End offset of each partition',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
  });
  const up = new Gauge({
    name: 'kafka_up',
    help: '1 if the last scrape could read offsets from Kafka, 0 if not',
    registers: [registry],
  });

  // One read per scrape feeds every gauge, so they all describe the same moment.
  const refresh = async (): Promise<void> => {
    for (const g of [lag, lagSum, current, end]) g.reset();
    try {
      const snapshot = await readLag(source);
      const sums = new Map<string, { group: string; topic: string; lag: bigint }>();
      for (const l of snapshot.lags) {
        const labels = { consumergroup: l.group, topic: l.topic, partition: String(l.partition) };
        lag.set(labels, Number(l.lag));
        current.set(labels, Number(l.committed));
        const k = `${l.group}\u0000${l.topic}`;
        const sum = sums.get(k) ?? { group: l.group, topic: l.topic, lag: 0n };
        sum.lag += l.lag;
        sums.set(k, sum);
      }
      for (const s of sums.values()) lagSum.set({ consumergroup: s.group, topic: s.topic }, Number(s.lag));
      for (const e of snapshot.endOffsets)
        end.set({ topic: e.topic, partition: String(e.partition) }, Number(e.offset));
      up.set(1);
    } catch (err) {
      up.set(0);
      onError(err);
    }
  };
  return { registry, refresh };
}
