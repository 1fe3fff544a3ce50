import { behaviourOf } from './test-methods';

describe('psp test payment methods', () => {
  it('captures pm_card_ok and declines pm_card_declined on every attempt', () => {
    for (const attempt of [1, 2, 3]) {
      expect(behaviourOf('pm_card_ok', attempt)).toEqual({ kind: 'capture' });
      expect(behaviourOf('pm_card_declined', attempt)).toEqual({ kind: 'decline', code: 'card_declined' });
    }
  });

  it('fails pm_card_flaky every other attempt, so one retry gets through', () => {
    expect([1, 2, 3, 4].map((a) => behaviourOf('pm_card_flaky', a).kind)).toEqual([
      'transient-failure',
      'capture',
      'transient-failure',
      'capture',
    ]);
  });

  it('makes pm_card_slow slow and declines an unknown method', () => {
    expect(behaviourOf('pm_card_slow', 1)).toEqual({ kind: 'slow' });
    expect(behaviourOf('pm_card_gold', 1)).toEqual({ kind: 'decline', code: 'unknown_payment_method' });
  });
});
