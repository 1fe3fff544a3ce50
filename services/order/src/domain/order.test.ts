import { mergeLines, orderTotal, priceLines, UnknownSkuError } from './order';

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
