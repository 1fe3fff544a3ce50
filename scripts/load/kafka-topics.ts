/** Reads whole topics back from Kafka with its own console consumer, to check what was produced. */
import { spawnSync } from 'node:child_process';
import { kafkaClasspath, kafkaTool } from '../platform/infra/kafka';

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  /** The CloudEvent, when the value is one. */
  event?: { id: string; type: string };
}

/** Messages on a topic: the sum of its partitions' end offsets (0 when it does not exist). */
export function messagesOn(brokers: string, topic: string): number {
  const out = kafkaTool('org.apache.kafka.tools.GetOffsetShell', ['--bootstrap-server', brokers, '--topic', topic]);
  return out
    .split('\n')
    .filter((l) => l.startsWith(`${topic}:`))
    .reduce((n, l) => n + Number(l.split(':')[2]), 0);
}

export function readTopic(brokers: string, topic: string): TopicMessage[] {
  const count = messagesOn(brokers, topic);
  if (count === 0) return [];
  const res = spawnSync(
    'java',
    [
      '-Xmx512m',
      '-cp',
      kafkaClasspath(),
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server',
      brokers,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      String(count),
      '--timeout-ms',
      '60000',
      '--property',
      'print.partition=true',
      '--property',
      'print.offset=true',
      '--property',
      'print.key=true',
      '--group',
      `invariant-check-${Date.now()}`,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (res.status !== 0) throw new Error(`reading ${topic} failed: ${res.stderr}`);
  const messages: TopicMessage[] = [];
  for (const line of res.stdout.split('\n')) {
    const m = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t(.*)$/.exec(line);
    if (!m) continue;
    let event: TopicMessage['event'];
    try {
      const v = JSON.parse(m[4] as string) as { id?: unknown; type?: unknown };
      if (typeof v.id === 'string' && typeof v.type === 'string') event = { id: v.id, type: v.type };
    } catch {
      // not a CloudEvent (a poison message): kept without an event
    }
    messages.push({
      topic,
      partition: Number(m[1]),
      offset: Number(m[2]),
      key: m[3] as string,
      ...(event ? { event } : {}),
    });
  }
  if (messages.length < count) throw new Error(`read ${messages.length} of ${count} messages on ${topic}`);
  return messages;
}
