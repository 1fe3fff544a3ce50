-- Up Migration

-- Every subscription's dead-letter topic is consumed into this table, so an operator can
-- list dead letters and redrive them. payload holds the message exactly as it was on the
-- topic (it may not even be JSON); fingerprint makes a redelivered dead letter a no-op.
CREATE TABLE dead_letters (
  id                  uuid        PRIMARY KEY,
  consumer            text        NOT NULL,
  topic               text        NOT NULL,
  fingerprint         text        NOT NULL,
  payload             bytea       NOT NULL,
  event_id            text,
  event_type          text,
  order_id            text,
  received_at         timestamptz NOT NULL DEFAULT now(),
  status              text        NOT NULL DEFAULT 'DEAD' CHECK (status IN ('DEAD', 'REDRIVEN')),
  redrive_attempts    integer     NOT NULL DEFAULT 0,
  last_redrive_at     timestamptz,
  last_redrive_outcome text,
  UNIQUE (consumer, topic, fingerprint)
);
CREATE INDEX dead_letters_received ON dead_letters (received_at DESC);

-- Down Migration
DROP TABLE dead_letters;
