/**
 * One write a page runs (save, delete, send a test): busy while it runs, its error kept for
 * <ActionError>, so every button shows the same states.
 */
import { useState } from 'preact/hooks'
import { ApiError } from '../api/api-client'

export interface Action {
  busy: boolean
  error: ApiError | null
  /** Runs `work`; resolves with its value, or undefined when it failed (the error is kept). */
  run<T>(work: () => Promise<T>): Promise<T | undefined>
  clear(): void
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  return {
    busy,
    error,
    run: async (work) => {
      setBusy(true)
      setError(null)
      try {
        return await work()
      } catch (failure) {
        setError(
          failure instanceof ApiError ? failure : new ApiError(0, 'UNKNOWN', 'Something went wrong.', []),
        )
        return undefined
      } finally {
        setBusy(false)
      }
    },
    clear: () => setError(null),
  }
}
