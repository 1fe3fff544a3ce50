-- Up Migration

-- Payment's view of each order's saga: what to charge (learned from order.created) and
-- where the charge stands. The row is locked while psp is called, so a charge and a
-- cancellation of the same order are applied one after the other, never interleaved.
--   AWAITING  order known, stock not yet reserved
--   CAPTURED  charged (one 'capture' row in payments)
--   FAILED    declined, or psp unreachable: the order is cancelled
--   REFUNDED  captured, then refunded after the order was cancelled
--   CANCELLED the order was cancelled before any charge: a late reservation charges nothing
CREATE TABLE charges (
  order_id       uuid PRIMARY KEY,
  amount         bigint      NOT NULL CHECK (amount >= 0),
  currency       char(3)     NOT NULL,
  payment_method text        NOT NULL,
  status         text        NOT NULL CHECK (status IN ('AWAITING', 'CAPTURED', 'FAILED', 'REFUNDED', 'CANCELLED')),
  reason         text,
  psp_charge_id  text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE charges;
