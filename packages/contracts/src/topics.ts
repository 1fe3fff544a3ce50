/** Kafka topics, one per aggregate. */
export const topics = {
  order: 'order.events',
  inventory: 'inventory.events',
  payment: 'payment.events',
} as const;

export type Topic = (typeof topics)[keyof typeof topics];

/** The Dapr pub/sub component every app uses. */
export const PUBSUB_NAME = 'pubsub';

/** The apps that consume events. */
export type Consumer = 'order' | 'inventory' | 'payment' | 'notification';

export interface SubscriptionSpec {
  consumer: Consumer;
  topic: Topic;
  /** The app route daprd delivers the topic to. */
  route: string;
}

/** The route a consumer serves for a topic: `/events/<aggregate>`. */
export const eventRoute = (topic: Topic): string => `/events/${topic.split('.')[0]}`;

const sub = (consumer: Consumer, topic: Topic): SubscriptionSpec => ({ consumer, topic, route: eventRoute(topic) });

/**
 * Who consumes what: the saga's wiring in one table. components/resources/subscriptions.yaml
 * declares the same subscriptions for daprd; a test keeps the two in step.
 */
export const subscriptions: readonly SubscriptionSpec[] = [
  sub('inventory', topics.order),
  sub('payment', topics.order),
  sub('payment', topics.inventory),
  sub('order', topics.inventory),
  sub('order', topics.payment),
  sub('notification', topics.order),
];

/**
 * Each subscription has its own dead-letter topic, so a dead letter says which consumer
 * gave up on it, and a redrive goes back to that consumer only.
 */
export const deadLetterTopic = (topic: Topic, consumer: Consumer): string => `${topic}.${consumer}.dlq`;

/** Where a dead-letter consumer parks what it cannot store (kept by Kafka's retention). */
export const UNSTORED_DEAD_LETTERS_TOPIC = 'dead-letters.unstored';
