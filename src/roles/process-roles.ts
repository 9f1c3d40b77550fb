/**
 * What one `flowcerta serve` process does. `all` (the default, and the only sensible choice on
 * embedded SQLite) runs the API, the delivery workers and the scheduler in one process; on
 * PostgreSQL any number of `api`, `worker` and `scheduler` processes can run side by side.
 */
export const PROCESS_ROLES = Object.freeze(['all', 'api', 'worker', 'scheduler'] as const)
export type ProcessRole = (typeof PROCESS_ROLES)[number]

export function isProcessRole(value: unknown): value is ProcessRole {
  return typeof value === 'string' && (PROCESS_ROLES as readonly string[]).includes(value)
}

export function runsApi(role: ProcessRole): boolean {
  return role === 'all' || role === 'api'
}

export function runsWorker(role: ProcessRole): boolean {
  return role === 'all' || role === 'worker'
}

export function runsScheduler(role: ProcessRole): boolean {
  return role === 'all' || role === 'scheduler'
}
