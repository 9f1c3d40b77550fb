import type { Severity } from '../api/types'

/** A finding's severity as a word on a tinted badge (the word carries the meaning, not the colour). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span class={`badge severity severity-${severity}`}>{severity}</span>
}
