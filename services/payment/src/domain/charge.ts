export type ChargeStatus = 'AWAITING' | 'CAPTURED' | 'FAILED' | 'REFUNDED' | 'CANCELLED';

/** What a reservation means for a charge in this status. */
export const shouldCharge = (status: ChargeStatus): boolean => status === 'AWAITING';

/** What an order's cancellation means for a charge in this status. */
export function onCancellation(status: ChargeStatus): 'refund' | 'mark-cancelled' | 'nothing' {
  if (status === 'CAPTURED') return 'refund';
  if (status === 'AWAITING') return 'mark-cancelled';
  return 'nothing';
}

export const chargeKey = (orderId: string): string => `charge-${orderId}`;
export const refundKey = (orderId: string): string => `refund-${orderId}`;
