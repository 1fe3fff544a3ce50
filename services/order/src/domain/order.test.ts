import { isSameOrder, mergeLines, orderTotal, priceLines, UnknownSkuError } from './order';

describe('order pricing', () => {
  it('merges repeated SKUs into one line', () => {
    expect(
      mergeLines([
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
        { sku: 'A', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', quantity: 4 },
      { sku: 'B', quantity: 2 },
    ]);
  });

  it('prices lines and sums the total in minor units', () => {
    const lines = priceLines(
      [
        { sku: 'A', quantity: 4 },
        { sku: 'B', quantity: 2 },
      ],
      new Map([
        ['A', 199],
        ['B', 1050],
      ]),
    );
    expect(orderTotal(lines)).toBe(4 * 199 + 2 * 1050);
  });

  it('refuses a SKU the catalogue does not know', () => {
    expect(() => priceLines([{ sku: 'NOPE', quantity: 1 }], new Map())).toThrow(UnknownSkuError);
  });
});

describe('recognising the same order sent twice', () => {
  const order = {
    id: '2d6f1a4e-0c55-4d8b-9a3e-1f2b3c4d5e6f',
    customerId: 'c-1',
    status: 'PENDING' as const,
    reason: null,
    items: [
      { sku: 'A', quantity: 3, unitPrice: 100 },
      { sku: 'B', quantity: 1, unitPrice: 50 },
    ],
    total: 350,
    currency: 'EUR',
    paymentMethod: 'pm_card_ok',
    deadline: new Date(),
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  const request = {
    customerId: 'c-1',
    items: [
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 1 },
      { sku: 'A', quantity: 2 },
    ],
    paymentMethod: 'pm_card_ok',
  };

  it('matches the request the order was made from, repeated lines merged', () => {
    expect(isSameOrder(order, request)).toBe(true);
  });

  it('tells a different customer, payment method or quantity apart', () => {
    expect(isSameOrder(order, { ...request, customerId: 'c-2' })).toBe(false);
    expect(isSameOrder(order, { ...request, paymentMethod: 'pm_card_declined' })).toBe(false);
    expect(isSameOrder(order, { ...request, items: [{ sku: 'A', quantity: 3 }] })).toBe(false);
  });
});
