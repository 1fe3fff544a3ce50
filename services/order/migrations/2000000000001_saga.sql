-- Up Migration

-- The deadline sweep looks only at pending orders.
CREATE INDEX orders_pending_deadline ON orders (deadline) WHERE status = 'PENDING';

-- The order's events, emitted and consumed, read back in the order they happened. The
-- trace_id opens the order's distributed trace.
CREATE TABLE order_timeline (
  seq       bigserial   PRIMARY KEY,
  order_id  uuid        NOT NULL REFERENCES orders (id),
  event_id  text        NOT NULL,
  type      text        NOT NULL,
  time      timestamptz NOT NULL,
  trace_id  text,
  UNIQUE (order_id, event_id)
);

-- Down Migration
DROP TABLE order_timeline;
DROP INDEX orders_pending_deadline;
