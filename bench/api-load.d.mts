export function closestCorpusFile(corpusDir: string, targetBytes?: number): { path: string; size: number }
export function autocannon(args: string[]): Promise<unknown>
export interface LoadSummary {
  /** Requests/s, the mean over the run's seconds. */
  rps: number
  p50: number
  p99: number
  total: number
  non2xx: number
  errors: number
}
export function summarise(result: unknown): LoadSummary
export function loadValidations(input: {
  base: string
  apiKey: string
  bodyFile: string
  connections: number
  duration: number
}): Promise<LoadSummary>
export function probeValidation(base: string, apiKey: string, bodyFile: string): Promise<void>
