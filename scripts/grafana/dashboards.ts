/**
 * The platform's Grafana dashboards, as code. `npm run grafana:dashboards` writes them to
 * charts/shop/files/grafana/dashboards/, where the chart ships them to Grafana's sidecar; a
 * test keeps the files in step with this source, and another runs every query against a real
 * Prometheus after orders have flowed.
 *
 * Queries use kafka_exporter's names for consumer lag (Strimzi's Kafka Exporter in a cluster,
 * packages/kafka-lag-exporter locally), daprd's own metrics, and the apps' (prom-client).
 */
import type { DashboardSpec } from './panels';

const RATE = '$__rate_interval';
const APP = 'app_id=~"$app"';

const CB_STATES = [
  { value: '0', text: 'closed', color: 'green' },
  { value: '1', text: 'open', color: 'red' },
];

const links = [
  { title: 'Saga overview', uid: 'shop-saga' },
  { title: 'Services (RED)', uid: 'shop-services' },
  { title: 'Dapr sidecars', uid: 'shop-dapr' },
  { title: 'Kafka', uid: 'shop-kafka' },
];

export const sagaOverview: DashboardSpec = {
  uid: 'shop-saga',
  title: 'Order saga: overview',
  description: 'Throughput, outcomes and duration of the order saga, and what holds it up.',
  tags: ['saga'],
  links,
  rows: [
    {
      title: 'Throughput and outcomes',
      panels: [
        {
          title: 'Sagas ended per second',
          description: 'Orders that reached CONFIRMED or CANCELLED, per second, by outcome.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            { expr: `sum by (outcome) (rate(shop_saga_duration_seconds_count[${RATE}]))`, legend: '{{outcome}}' },
          ],
        },
        {
          title: 'Orders by status and reason',
          description: 'All orders in the order database, by status and, for cancelled ones, the reason.',
          kind: 'bargauge',
          queries: [{ expr: 'sum by (status, reason) (shop_orders)', legend: '{{status}} {{reason}}' }],
        },
        {
          title: 'Orders accepted per second',
          description: 'Order placements the gateway answered with 2xx.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum(rate(http_server_request_duration_seconds_count{app_id="gateway",method="POST",route="/api/v1/orders",status_code=~"2.."}[${RATE}]))`,
              legend: 'accepted',
            },
          ],
        },
      ],
    },
    {
      title: 'Duration',
      panels: [
        {
          title: 'Saga duration (accepted to terminal)',
          description: 'Percentiles of the time from an order being accepted to its saga ending.',
          kind: 'timeseries',
          unit: 's',
          width: 12,
          queries: [0.5, 0.95, 0.99].map((q) => ({
            expr: `histogram_quantile(${q}, sum by (le) (rate(shop_saga_duration_seconds_bucket[${RATE}])))`,
            legend: `p${q * 100}`,
          })),
        },
        {
          title: 'Event handling p95 by consumer',
          description: 'How long each consumer takes to handle one delivery.',
          kind: 'timeseries',
          unit: 's',
          width: 12,
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (le, app_id) (rate(shop_event_handling_duration_seconds_bucket[${RATE}])))`,
              legend: '{{app_id}}',
            },
          ],
        },
      ],
    },
    {
      title: 'What holds it up',
      panels: [
        {
          title: 'Outbox backlog',
          description: 'Events written and not yet accepted by the sidecar, per service.',
          kind: 'timeseries',
          width: 6,
          queries: [{ expr: 'sum by (app_id) (shop_outbox_backlog{job="apps"})', legend: '{{app_id}}' }],
        },
        {
          title: 'Outbox publish lag',
          description: 'Age of the oldest unpublished outbox row, per service.',
          kind: 'timeseries',
          unit: 's',
          width: 6,
          queries: [{ expr: 'max by (app_id) (shop_outbox_publish_lag_seconds{job="apps"})', legend: '{{app_id}}' }],
        },
        {
          title: 'Consumer lag',
          description: 'Messages each consumer group has yet to read.',
          kind: 'timeseries',
          width: 6,
          queries: [{ expr: 'sum by (consumergroup) (kafka_consumergroup_lag)', legend: '{{consumergroup}}' }],
        },
        {
          title: 'Dead letters',
          description: 'Messages a consumer gave up on, stored by order, by consumer and status.',
          kind: 'table',
          width: 6,
          queries: [{ expr: 'sum by (consumer, status) (shop_dead_letters)' }],
        },
        {
          title: 'Inbox duplicates skipped',
          description: 'Redeliveries recognised by a consumer inbox and not applied again, over the time range.',
          kind: 'stat',
          width: 12,
          queries: [
            {
              expr: 'sum by (consumer) (increase(shop_inbox_duplicates_skipped_total[$__range]))',
              legend: '{{consumer}}',
            },
          ],
        },
        {
          title: 'Circuit breakers open',
          description: "1 while a sidecar's breaker for a target is open (daprd's resiliency metrics).",
          kind: 'stat',
          width: 12,
          mappings: CB_STATES,
          queries: [
            {
              expr: 'max by (app_id, target) (dapr_resiliency_cb_state{policy="circuitbreaker",status="open"})',
              legend: '{{app_id}} → {{target}}',
            },
          ],
        },
      ],
    },
  ],
};

export const servicesRed: DashboardSpec = {
  uid: 'shop-services',
  title: 'Order saga: services (RED)',
  description: 'Rate, errors and duration of every service, per HTTP route and per subscription.',
  tags: ['services'],
  links,
  variables: [
    { name: 'app', label: 'Service', query: 'label_values(http_server_request_duration_seconds_count, app_id)' },
  ],
  rows: [
    {
      title: 'HTTP',
      panels: [
        {
          title: 'Requests per second',
          description: 'Requests served, by service and route template.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, route) (rate(http_server_request_duration_seconds_count{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{route}}',
            },
          ],
        },
        {
          title: 'Error ratio (5xx)',
          description: 'Share of requests answered 5xx, by service and route (0 where none failed).',
          kind: 'timeseries',
          unit: 'percentunit',
          queries: [
            {
              expr:
                `(sum by (app_id, route) (rate(http_server_request_duration_seconds_count{${APP},status_code=~"5.."}[${RATE}])) ` +
                `or 0 * sum by (app_id, route) (rate(http_server_request_duration_seconds_count{${APP}}[${RATE}]))) ` +
                `/ sum by (app_id, route) (rate(http_server_request_duration_seconds_count{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{route}}',
            },
          ],
        },
        {
          title: 'Duration p95',
          description: '95th percentile of request duration, by service and route.',
          kind: 'timeseries',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (le, app_id, route) (rate(http_server_request_duration_seconds_bucket{${APP}}[${RATE}])))`,
              legend: '{{app_id}} {{route}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Events',
      panels: [
        {
          title: 'Deliveries per second',
          description: 'Event deliveries handled, by service, topic and the answer given to daprd.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, topic, status) (rate(shop_events_handled_total{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{topic}} {{status}}',
            },
          ],
        },
        {
          title: 'Deliveries not handled (RETRY, DROP)',
          description: 'Share of deliveries answered RETRY or DROP (0 where all succeeded).',
          kind: 'timeseries',
          unit: 'percentunit',
          queries: [
            {
              expr:
                `(sum by (app_id, topic) (rate(shop_events_handled_total{${APP},status!="SUCCESS"}[${RATE}])) ` +
                `or 0 * sum by (app_id, topic) (rate(shop_events_handled_total{${APP}}[${RATE}]))) ` +
                `/ sum by (app_id, topic) (rate(shop_events_handled_total{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{topic}}',
            },
          ],
        },
        {
          title: 'Handling duration p95',
          description: '95th percentile of the time to handle one delivery.',
          kind: 'timeseries',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (le, app_id, topic) (rate(shop_event_handling_duration_seconds_bucket{${APP}}[${RATE}])))`,
              legend: '{{app_id}} {{topic}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Process',
      panels: [
        {
          title: 'CPU',
          description: 'CPU seconds per second used by each service process.',
          kind: 'timeseries',
          width: 12,
          queries: [
            {
              expr: `sum by (app_id) (rate(process_cpu_seconds_total{job="apps",${APP}}[${RATE}]))`,
              legend: '{{app_id}}',
            },
          ],
        },
        {
          title: 'Memory (RSS)',
          description: 'Resident memory of each service process.',
          kind: 'timeseries',
          unit: 'bytes',
          width: 12,
          queries: [
            { expr: `sum by (app_id) (process_resident_memory_bytes{job="apps",${APP}})`, legend: '{{app_id}}' },
          ],
        },
      ],
    },
  ],
};

export const daprSidecars: DashboardSpec = {
  uid: 'shop-dapr',
  title: 'Order saga: Dapr sidecars',
  description: 'Service invocation, pub/sub, state and resiliency, as each daprd reports them.',
  tags: ['dapr'],
  links,
  variables: [{ name: 'app', label: 'App', query: 'label_values(dapr_runtime_component_loaded, app_id)' }],
  rows: [
    {
      title: 'Service invocation',
      panels: [
        {
          title: 'Calls sent per second',
          description: 'Invocations each sidecar sent, by target app.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, dst_app_id) (rate(dapr_runtime_service_invocation_req_sent_total{${APP}}[${RATE}]))`,
              legend: '{{app_id}} → {{dst_app_id}}',
            },
          ],
        },
        {
          title: 'Call latency p95',
          description: 'Round trip of invocations as the calling sidecar saw them, by status.',
          kind: 'timeseries',
          unit: 'ms',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (le, app_id, status) (rate(dapr_runtime_service_invocation_res_recv_latency_ms_bucket{${APP}}[${RATE}])))`,
              legend: '{{app_id}} {{status}}',
            },
          ],
        },
        {
          title: 'Circuit breaker state',
          description: "The active state of each sidecar's breaker per target.",
          kind: 'table',
          queries: [
            {
              expr: `max by (app_id, target, status) (dapr_resiliency_cb_state{${APP},policy="circuitbreaker"}) == 1`,
            },
          ],
        },
      ],
    },
    {
      title: 'Pub/sub',
      panels: [
        {
          title: 'Published per second (bulk)',
          description: 'Messages the outbox relays published through each sidecar, by topic.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, topic) (rate(dapr_component_pubsub_egress_bulk_count{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{topic}}',
            },
          ],
        },
        {
          title: 'Delivered per second',
          description: 'Messages each sidecar delivered to its app, by topic and outcome.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, topic, process_status) (rate(dapr_component_pubsub_ingress_count{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{topic}} {{process_status}}',
            },
          ],
        },
        {
          title: 'Delivery latency p95',
          description: 'Time from a sidecar receiving a message to its app answering.',
          kind: 'timeseries',
          unit: 'ms',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (le, app_id, topic) (rate(dapr_component_pubsub_ingress_latencies_bucket{${APP}}[${RATE}])))`,
              legend: '{{app_id}} {{topic}}',
            },
          ],
        },
      ],
    },
    {
      title: 'State and resiliency',
      panels: [
        {
          title: 'State store operations per second',
          description: 'Calls to the Redis state store, by operation and success.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, operation, success) (rate(dapr_component_state_count{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{operation}} {{success}}',
            },
          ],
        },
        {
          title: 'Resiliency policy executions',
          description: 'Timeouts, retries and breakers applied, by policy and target.',
          kind: 'timeseries',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (app_id, policy, target) (rate(dapr_resiliency_count{${APP}}[${RATE}]))`,
              legend: '{{app_id}} {{policy}} {{target}}',
            },
          ],
        },
        {
          title: 'Sidecar memory (RSS)',
          description: 'Resident memory of each daprd.',
          kind: 'timeseries',
          unit: 'bytes',
          queries: [
            { expr: `sum by (app_id) (process_resident_memory_bytes{job="daprd",${APP}})`, legend: '{{app_id}}' },
          ],
        },
      ],
    },
  ],
};

export const kafka: DashboardSpec = {
  uid: 'shop-kafka',
  title: 'Order saga: Kafka',
  description: 'Topics and consumer groups: what is written, what is read, and what waits.',
  tags: ['kafka'],
  links,
  rows: [
    {
      title: 'Consumer groups',
      panels: [
        {
          title: 'Lag by group and topic',
          description: 'Messages each group has yet to read on each topic.',
          kind: 'timeseries',
          width: 12,
          queries: [
            {
              expr: 'sum by (consumergroup, topic) (kafka_consumergroup_lag)',
              legend: '{{consumergroup}} {{topic}}',
            },
          ],
        },
        {
          title: 'Consumed per second',
          description: 'Committed offsets advancing, per group and topic.',
          kind: 'timeseries',
          unit: 'reqps',
          width: 12,
          queries: [
            {
              expr: `sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset[${RATE}]))`,
              legend: '{{consumergroup}} {{topic}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Topics',
      panels: [
        {
          title: 'Produced per second',
          description: 'End offsets advancing, per topic.',
          kind: 'timeseries',
          unit: 'reqps',
          width: 12,
          queries: [
            {
              expr: `sum by (topic) (rate(kafka_topic_partition_current_offset{topic!~".*\\\\.dlq"}[${RATE}]))`,
              legend: '{{topic}}',
            },
          ],
        },
        {
          title: 'Dead-letter topics',
          description: 'Messages ever written to each dead-letter topic.',
          kind: 'bargauge',
          width: 12,
          queries: [
            { expr: 'sum by (topic) (kafka_topic_partition_current_offset{topic=~".*\\\\.dlq"})', legend: '{{topic}}' },
          ],
        },
      ],
    },
  ],
};

export const dashboards = {
  'saga-overview': sagaOverview,
  'services-red': servicesRed,
  'dapr-sidecars': daprSidecars,
  kafka,
};
