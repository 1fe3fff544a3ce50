import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOOLS, versions, type Profile } from '../layout';
import { run, startDetached, stopDetached } from '../processes';

export interface KafkaHandle {
  brokers: string;
  external: boolean;
}

export function kafkaClasspath(): string {
  return path.join(TOOLS, `kafka-${versions().KAFKA_VERSION}`, 'libs', '*');
}

/** Kafka's own tools (topics, console consumer) run from the same jars. */
export function kafkaTool(mainClass: string, args: string[], input?: string): string {
  return run('java', ['-Xmx256m', '-cp', kafkaClasspath(), mainClass, ...args], input === undefined ? {} : { input });
}

/** Broker and controller in one JVM (KRaft combined mode): one node, replication factor 1. */
function serverProperties(p: Profile, logDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${p.kafkaControllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${p.kafkaPort},CONTROLLER://127.0.0.1:${p.kafkaControllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.kafkaPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    // Topics are created on first use with three partitions, keyed by order id.
    'num.partitions=3',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

/** Starts a local Kafka (formatting its storage the first time) unless PLATFORM_KAFKA_BROKERS is given. */
export function startKafka(p: Profile): KafkaHandle {
  if (process.env.PLATFORM_KAFKA_BROKERS) return { brokers: process.env.PLATFORM_KAFKA_BROKERS, external: true };
  const logDir = path.join(p.data, 'kafka');
  const props = path.join(p.run, 'kafka.properties');
  mkdirSync(p.run, { recursive: true });
  writeFileSync(props, serverProperties(p, logDir));
  if (!existsSync(path.join(logDir, 'meta.properties'))) {
    const clusterId = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    // `=`, because a base64url id may start with '-' (1 in 64), which the tool reads as an option.
    kafkaTool('kafka.tools.StorageTool', ['format', `--cluster-id=${clusterId}`, '-c', props, '--ignore-formatted']);
  }
  startDetached(p, 'kafka', 'java', [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Dorg.slf4j.simpleLogger.showDateTime=true',
    '-cp',
    kafkaClasspath(),
    'kafka.Kafka',
    props,
  ]);
  return { brokers: `127.0.0.1:${p.kafkaPort}`, external: false };
}

export const stopKafka = (p: Profile): Promise<boolean> => stopDetached(p, 'kafka', 20_000);
