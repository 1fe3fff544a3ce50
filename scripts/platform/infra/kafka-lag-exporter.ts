import path from 'node:path';
import { ROOT, type Profile } from '../layout';
import { startDetached, stopDetached } from '../processes';

/** Consumer lag per group for Prometheus (packages/kafka-lag-exporter), read from the given brokers. */
export function startKafkaLagExporter(p: Profile, brokers: string): void {
  const dir = path.join(ROOT, 'packages', 'kafka-lag-exporter');
  startDetached(p, 'kafka-lag-exporter', process.execPath, [path.join(dir, 'dist', 'main.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH, KAFKA_BROKERS: brokers, HOST: '127.0.0.1', PORT: String(p.kafkaLagExporter) },
  });
}

export const stopKafkaLagExporter = (p: Profile): Promise<boolean> => stopDetached(p, 'kafka-lag-exporter');
