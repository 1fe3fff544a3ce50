import { AppError, type DaprClient } from '@shop/platform';
import { z } from 'zod';
import type { PriceList } from '../domain/place-order';

const productsResponse = z.object({ items: z.array(z.object({ sku: z.string(), price: z.number().int() })) });

/** Reads prices from the inventory service through the sidecars (service invocation). */
export class InventoryPriceList implements PriceList {
  constructor(private readonly dapr: DaprClient) {}

  async pricesFor(skus: string[]): Promise<Map<string, number>> {
    const res = await this.dapr.invoke('inventory', `products?skus=${encodeURIComponent(skus.join(','))}`);
    if (!res.ok) throw AppError.unavailable(`inventory answered ${res.status} for a price lookup`);
    const body = productsResponse.parse(await res.json());
    return new Map(body.items.map((p) => [p.sku, p.price]));
  }
}
