/**
 * Finding severities, from most to least severe. The order of SEVERITIES is the sort order
 * used everywhere findings are listed.
 */
export const SEVERITIES = Object.freeze(['critical', 'high', 'medium', 'low'] as const)

export type Severity = (typeof SEVERITIES)[number]

/** 0 for critical, 3 for low: sort ascending to get most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)
}
