import type { Pool, PoolClient } from 'pg';
import type { StockLine } from '../domain/reservation';

export interface Product {
  sku: string;
  name: string;
  price: number;
  currency: string;
  available: number;
}

interface ProductRow {
  sku: string;
  name: string;
  price: string;
  currency: string;
  available: number;
}

const toProduct = (r: ProductRow): Product => ({
  sku: r.sku,
  name: r.name,
  price: Number(r.price),
  currency: r.currency,
  available: r.available,
});

export async function listProducts(pool: Pool, skus?: string[]): Promise<Product[]> {
  const { rows } = skus
    ? await pool.query<ProductRow>('SELECT * FROM products WHERE sku = ANY($1) ORDER BY sku', [skus])
    : await pool.query<ProductRow>('SELECT * FROM products ORDER BY sku');
  return rows.map(toProduct);
}

export async function findProduct(pool: Pool, sku: string): Promise<Product | undefined> {
  const { rows } = await pool.query<ProductRow>('SELECT * FROM products WHERE sku = $1', [sku]);
  return rows[0] ? toProduct(rows[0]) : undefined;
}

/**
 * Locks the stock rows of these SKUs, always in SKU order so two orders locking the same
 * products cannot deadlock, and returns their available stock.
 */
export async function lockStock(client: PoolClient, skus: string[]): Promise<Map<string, number>> {
  const { rows } = await client.query<{ sku: string; available: number }>(
    'SELECT sku, available FROM products WHERE sku = ANY($1) ORDER BY sku FOR UPDATE',
    [skus],
  );
  return new Map(rows.map((r) => [r.sku, r.available]));
}

/** Adds (or, with a negative sign, takes) each line's quantity to the available stock. */
export async function moveStock(client: PoolClient, lines: readonly StockLine[], sign: 1 | -1): Promise<void> {
  for (const l of [...lines].sort((a, b) => a.sku.localeCompare(b.sku))) {
    await client.query('UPDATE products SET available = available + $2, updated_at = now() WHERE sku = $1', [
      l.sku,
      sign * l.quantity,
    ]);
  }
}

export async function setAvailable(pool: Pool, sku: string, available: number): Promise<Product | undefined> {
  const { rows } = await pool.query<ProductRow>(
    'UPDATE products SET available = $2, updated_at = now() WHERE sku = $1 RETURNING *',
    [sku, available],
  );
  return rows[0] ? toProduct(rows[0]) : undefined;
}
