/**
 * User roles within an org. `admin` manages keys, members, settings, webhooks and approves risk
 * exceptions; `member` validates, reads and requests exceptions.
 */
export const ROLES = Object.freeze(['admin', 'member'] as const)

export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
