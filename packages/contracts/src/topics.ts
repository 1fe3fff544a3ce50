/** Kafka topics, one per aggregate. Each subscription dead-letters to `<topic>.dlq`. */
export const topics = {
  order: 'order.events',
  inventory: 'inventory.events',
  payment: 'payment.events',
} as const;

export type Topic = (typeof topics)[keyof typeof topics];

export const deadLetterTopic = (topic: Topic): string => `${topic}.dlq`;

/** The Dapr pub/sub component every app uses. */
export const PUBSUB_NAME = 'pubsub';
