import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { deadLetterTopic, subscriptions, UNSTORED_DEAD_LETTERS_TOPIC } from './index';

interface SubscriptionDoc {
  kind: string;
  spec: { topic: string; routes: { default: string }; deadLetterTopic?: string; metadata?: Record<string, string> };
  scopes: string[];
}

const file = path.resolve(__dirname, '..', '..', '..', 'components', 'resources', 'subscriptions.yaml');
const docs = parseAllDocuments(readFileSync(file, 'utf8'))
  .map((d) => d.toJS() as SubscriptionDoc)
  .filter((d) => d?.kind === 'Subscription');

describe('components/resources/subscriptions.yaml', () => {
  const consumers = docs.filter((d) => d.spec.routes.default.startsWith('/events/'));
  const deadLetters = docs.filter((d) => d.spec.routes.default.startsWith('/dead-letters/'));

  it('declares exactly the subscriptions of the contracts, each with its own dead-letter topic', () => {
    const declared = consumers.map((d) => ({
      consumer: d.scopes.join(','),
      topic: d.spec.topic,
      route: d.spec.routes.default,
      dlq: d.spec.deadLetterTopic,
    }));
    const expected = subscriptions.map((s) => ({ ...s, dlq: deadLetterTopic(s.topic, s.consumer) }));
    expect(declared).toEqual(expect.arrayContaining(expected));
    expect(declared).toHaveLength(expected.length);
  });

  it('has order consume every dead-letter topic in raw mode, and park what it cannot store', () => {
    expect(deadLetters.map((d) => d.spec.topic).sort()).toEqual(
      subscriptions.map((s) => deadLetterTopic(s.topic, s.consumer)).sort(),
    );
    for (const d of deadLetters) {
      expect(d.scopes).toEqual(['order']);
      expect(d.spec.metadata?.rawPayload).toBe('true');
      expect(d.spec.deadLetterTopic).toBe(UNSTORED_DEAD_LETTERS_TOPIC);
    }
  });
});

describe('components/resources/pubsub.yaml topic scopes', () => {
  const pubsub = parseAllDocuments(
    readFileSync(path.resolve(__dirname, '..', '..', '..', 'components', 'resources', 'pubsub.yaml'), 'utf8'),
  )[0]?.toJS() as { spec: { metadata: { name: string; value?: string }[] } };
  const scopes = (name: string): Map<string, Set<string>> => {
    const value = pubsub.spec.metadata.find((m) => m.name === name)?.value ?? '';
    return new Map(
      value.split(';').map((entry) => {
        const [app, topicList] = entry.split('=');
        return [app as string, new Set((topicList ?? '').split(','))];
      }),
    );
  };
  const aggregateOf = (topic: string) => topic.split('.')[0];

  it('lets each app publish its own topic and the dead letters of its own subscriptions, nothing else', () => {
    const expected = new Map<string, Set<string>>();
    const add = (app: string, topic: string) => expected.set(app, new Set([...(expected.get(app) ?? []), topic]));
    for (const s of subscriptions) {
      if (aggregateOf(s.topic) === s.consumer) throw new Error('an app never consumes its own topic');
      add(s.consumer, deadLetterTopic(s.topic, s.consumer));
    }
    for (const app of ['order', 'inventory', 'payment']) add(app, `${app}.events`);
    add('order', UNSTORED_DEAD_LETTERS_TOPIC);
    expect(scopes('publishingScopes')).toEqual(expected);
  });

  it('lets each app subscribe to what it consumes, and order to every dead-letter topic', () => {
    const expected = new Map<string, Set<string>>();
    const add = (app: string, topic: string) => expected.set(app, new Set([...(expected.get(app) ?? []), topic]));
    for (const s of subscriptions) add(s.consumer, s.topic);
    for (const s of subscriptions) add('order', deadLetterTopic(s.topic, s.consumer));
    expect(scopes('subscriptionScopes')).toEqual(expected);
  });
});
