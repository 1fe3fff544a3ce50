export const roles = ['customer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is calling, from a verified token: `sub` is the customer id for customers. */
export interface Principal {
  sub: string;
  roles: Role[];
}

export const isAdmin = (p: Principal): boolean => p.roles.includes('admin');

/** A customer acts only for themself; an admin acts for anyone. */
export const mayActFor = (p: Principal, customerId: string): boolean => isAdmin(p) || p.sub === customerId;
