-- Up Migration

-- Transactional outbox: written in the same transaction as the business change,
-- published by the relay, then marked. `id` is also the CloudEvent id, so a
-- re-publish after a crash carries the same id and consumers' inboxes dedupe it.
CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  id           uuid        NOT NULL UNIQUE,
  topic        text        NOT NULL,
  partition_key text       NOT NULL,
  event        jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;

-- Wake the relay on commit instead of polling (NOTIFY is delivered only on commit).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Inbox: the ids of CloudEvents already applied, written with their effect.
CREATE TABLE inbox (
  event_id    text        NOT NULL,
  consumer    text        NOT NULL,
  type        text        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Down Migration
DROP TABLE inbox;
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
DROP TABLE outbox;
