-- Up Migration
CREATE TABLE orders (
  id            uuid PRIMARY KEY,
  customer_id   text        NOT NULL,
  status        text        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
  reason        text,
  items         jsonb       NOT NULL,
  total         bigint      NOT NULL CHECK (total >= 0),
  currency      char(3)     NOT NULL,
  payment_method text       NOT NULL,
  deadline      timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer ON orders (customer_id, created_at DESC);

-- Down Migration
DROP TABLE orders;
