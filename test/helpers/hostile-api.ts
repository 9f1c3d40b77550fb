/**
 * The API as the hostile-input tests meet it: a listening test app (SQLite: a refused file stores
 * nothing) on the pool shape the service runs (one thread, its default memory limit), and a
 * multipart upload as curl -F sends it, timed.
 */
import { AnalysisPool, analysisThreadLimits } from '../../src/analysis/analysis-pool.js'
import { DEFAULTS } from '../../src/config/config.js'
import { openTestApp, type TestApp } from './test-app.js'

export interface HostileApi {
  readonly t: TestApp
  /** The listening URL (an ephemeral port on 127.0.0.1). */
  readonly base: string
  close(): Promise<void>
}

export async function openHostileApi(
  pool = new AnalysisPool(1, { resourceLimits: analysisThreadLimits(DEFAULTS.analysisThreadMemoryMb) }),
): Promise<HostileApi> {
  const t = await openTestApp('sqlite', { analysisPool: pool })
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    t,
    base,
    async close() {
      await t.close()
      await pool.close()
    },
  }
}

/** POST /api/v1/validations with one file, multipart; the status, JSON body and wall time. */
export async function postFile<Body>(
  base: string,
  key: string,
  fileName: string,
  content: string | Buffer,
): Promise<{ status: number; body: Body; ms: number }> {
  const form = new FormData()
  form.append('file', new Blob([content]), fileName)
  const started = performance.now()
  const response = await fetch(`${base}/api/v1/validations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  })
  return { status: response.status, body: (await response.json()) as Body, ms: performance.now() - started }
}
