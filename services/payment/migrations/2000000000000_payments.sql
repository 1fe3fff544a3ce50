-- Up Migration
-- One row per charge attempt outcome; refunds reference the capture they reverse.
CREATE TABLE payments (
  id          uuid PRIMARY KEY,
  order_id    uuid        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('capture', 'refund')),
  amount      bigint      NOT NULL CHECK (amount >= 0),
  currency    char(3)     NOT NULL,
  psp_ref     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, kind)
);

-- Down Migration
DROP TABLE payments;
