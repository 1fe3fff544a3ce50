/**
 * kafka-lag-exporter: serves GET /metrics with consumer lag, read from Kafka on each scrape.
 * Configured by KAFKA_BROKERS (comma-separated host:port) and PORT.
 */
import { createServer } from 'node:http';
import { Admin } from '@platformatic/kafka';
import { lagExporter } from './exporter';
import { kafkaOffsets } from './kafka-source';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const port = Number(process.env.PORT ?? 9308);
if (brokers.length === 0 || !Number.isInteger(port)) {
  console.error('kafka-lag-exporter: set KAFKA_BROKERS (host:port,...) and PORT');
  process.exit(2);
}

const admin = new Admin({ clientId: 'kafka-lag-exporter', bootstrapBrokers: brokers, timeout: 5_000, retries: 1 });
const log = (level: string, msg: string, extra: Record<string, unknown> = {}): void =>
  console.log(JSON.stringify({ level, time: new Date().toISOString(), name: 'kafka-lag-exporter', msg, ...extra }));
const exporter = lagExporter(kafkaOffsets(admin), (err) =>
  log('warn', 'could not read offsets from Kafka', { err: String(err) }),
);

const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200).end('ok');
    return;
  }
  if (req.method !== 'GET' || req.url !== '/metrics') {
    res.writeHead(404).end();
    return;
  }
  exporter
    .refresh()
    .then(() => exporter.registry.metrics())
    .then((body) => res.writeHead(200, { 'content-type': exporter.registry.contentType }).end(body))
    .catch((err: unknown) => res.writeHead(500).end(String(err)));
});
const host = process.env.HOST ?? '0.0.0.0';
server.listen(port, host, () => log('info', `serving consumer lag on ${host}:${port}/metrics`, { brokers }));

const stop = (): void => {
  server.close();
  void admin.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
