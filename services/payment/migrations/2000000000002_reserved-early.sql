-- Up Migration

-- inventory.reserved and order.created travel on two topics, with no order between them, so
-- payment may see an order's reservation first. It is remembered here (with the trace context
-- of the reservation) and the charge is made when order.created arrives: no redelivery wait.
CREATE TABLE reserved_early (
  order_id    uuid        PRIMARY KEY,
  traceparent text,
  tracestate  text,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE reserved_early;
