import type { Pool } from 'pg';

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

const toProduct = (r: ProductRow): Product => ({ ...r, price: Number(r.price) });

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
