-- Up Migration

-- One reservation per order. Stock leaves `available` when it is HELD and stays out when the
-- order is confirmed (SOLD); it comes back when a HELD reservation is RELEASED or a SOLD one is
-- RESTOCKED. VOID marks an order cancelled before anything was reserved, so a late or
-- redriven order.created for it reserves nothing.
-- Invariant I2, per SKU: initial stock = available + HELD + SOLD.
CREATE TABLE reservations (
  id         uuid PRIMARY KEY,
  order_id   uuid        NOT NULL UNIQUE,
  status     text        NOT NULL CHECK (status IN ('HELD', 'SOLD', 'RELEASED', 'RESTOCKED', 'VOID')),
  items      jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE reservations;
