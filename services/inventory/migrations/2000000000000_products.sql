-- Up Migration
CREATE TABLE products (
  sku        text PRIMARY KEY,
  name       text    NOT NULL,
  price      bigint  NOT NULL CHECK (price >= 0),
  currency   char(3) NOT NULL DEFAULT 'EUR',
  available  integer NOT NULL CHECK (available >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A small demo catalogue so a fresh platform can take orders at once (prices in cents).
INSERT INTO products (sku, name, price, available) VALUES
  ('SKU-COFFEE', 'Coffee beans, 1 kg', 1990, 1000),
  ('SKU-MUG',    'Enamel mug',          890, 1000),
  ('SKU-GRINDER','Hand grinder',       4900,  200),
  ('SKU-KETTLE', 'Gooseneck kettle',   6500,  100),
  ('SKU-FILTER', 'Paper filters (100)', 450, 5000);

-- Down Migration
DROP TABLE products;
