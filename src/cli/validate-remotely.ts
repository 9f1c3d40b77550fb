/**
 * `flowcerta validate --server <url>`: the CLI as a CI client. The input goes to a Flowcerta
 * server's public API (POST /api/v1/validations, one request per file, per project or per folder
 * of Power Automate or Blue Prism files, each sent as one zip), so
 * the org's packs and approved exceptions apply, the result is stored in its history and its
 * webhooks fire. The server's answers come back as the same results the local mode reports, so
 * the output formats and exit codes do not change.
 *
 * - A file the server refuses as not a workflow (XAML_*, UNSUPPORTED_PLATFORM) is a failing
 *   input, as locally; any other refusal (a bad key, an unknown pack, a hostile archive, a server
 *   that does not answer) stops the run as a usage error, with the server's code and message.
 * - A busy server (429, or 503 such as ANALYSIS_BUSY: refused before any work, nothing stored) is
 *   asked again after its Retry-After, a few times within a bounded wait (BUSY_RETRY); each upload
 *   carries one Idempotency-Key across its attempts, so a retry can never store a result twice.
 * - The key is sent as a Bearer header and never printed.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AnalysisResult, Finding } from '../analysis/analyze.js'
import type { FileError } from '../analysis/formats/validation-report.js'
import { DEFAULT_POLICY_PACK_SLUG } from '../analysis/packs/policy-packs.js'
import { AppError } from '../domain/errors/app-error.js'
import { detectSubmissionPlatform } from '../input/read-submission.js'

export interface RemoteValidation {
  readonly server: string
  readonly apiKey: string
  readonly label: string | undefined
  /** undefined: the server picks (UiPath inputs are sent with the UiPath default, as before platforms). */
  readonly packSlug: string | undefined
  /** A project, sent as one archive. */
  readonly project: { readonly fileName: string; readonly content: Buffer } | undefined
  /** Plain files and other platforms' folders, one request each (when there is no project). */
  readonly files: readonly RemoteUpload[]
}

/** One request's input: a file as is, or a folder read and zipped (read-folder-submission.ts). */
export interface RemoteUpload {
  /** The name in the report (the local path). */
  readonly fileName: string
  /** The name the server is given (a base name; `<folder>.zip` for a folder). */
  readonly sentName: string
  /** Reads the bytes to send; an AppError (a folder past the archive limits) is reported with its code. */
  readonly read: () => Promise<Buffer>
}

type Outcome =
  | { readonly kind: 'result'; readonly result: AnalysisResult }
  | { readonly kind: 'invalid'; readonly error: FileError }
  | { readonly kind: 'unreadable'; readonly error: FileError }

/** A request gets this long: a big project takes seconds to analyse on a busy server. */
const REQUEST_TIMEOUT_MS = 120_000
/**
 * How a busy answer is retried: at most `attempts` requests per upload, each wait the server's
 * Retry-After (seconds) or `defaultWaitMs`, never more than `maxWaitMs` — so a CI job waits out a
 * burst of its neighbours but does not hang on a server that stays busy.
 */
export const BUSY_RETRY = { attempts: 6, defaultWaitMs: 2_000, maxWaitMs: 30_000 } as const
const BUSY_STATUSES = new Set([429, 503])

/** A Retry-After header (delta-seconds or an HTTP date) as a wait in ms, within BUSY_RETRY's cap. */
export function busyWaitMs(retryAfter: string | null, now = Date.now()): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter)
  let wait = BUSY_RETRY.defaultWaitMs
  if (retryAfter !== null && Number.isFinite(seconds) && seconds >= 0) wait = seconds * 1000
  else if (retryAfter !== null && Number.isFinite(Date.parse(retryAfter))) wait = Date.parse(retryAfter) - now
  return Math.min(Math.max(wait, 0), BUSY_RETRY.maxWaitMs)
}
const FAILING_INPUT = /^(XAML_|BLUE_PRISM_|FLOW_|UNSUPPORTED_PLATFORM$)/

interface ApiFinding extends Omit<Finding, 'waivedBy'> {
  readonly exceptionId: string | null
}

/** The API's result body as the formats expect a result (the same fields, waivers by id). */
function toResult(body: Record<string, unknown>): AnalysisResult {
  const findings = (body.findings as ApiFinding[]).map(({ exceptionId, ...finding }) => ({
    ...(finding as Omit<Finding, 'waivedBy'>),
    waivedBy: exceptionId,
  }))
  return {
    platform: body.platform as AnalysisResult['platform'],
    fileName: body.fileName as string,
    passed: body.passed as boolean,
    score: body.score as number,
    enforcementMode: body.enforcementMode as AnalysisResult['enforcementMode'],
    policyPackSlug: body.policyPackSlug as string,
    summary: body.summary as AnalysisResult['summary'],
    findings,
    ruleErrors: (body.ruleErrors as AnalysisResult['ruleErrors'] | undefined) ?? [],
    // A project's result lists what was not analysed under `project.skipped`.
    skipped:
      (body.skipped as AnalysisResult['skipped'] | undefined) ??
      (body.project as { skipped?: AnalysisResult['skipped'] } | null | undefined)?.skipped ??
      [],
  }
}

/**
 * Without --pack, a UiPath input is sent with the UiPath default pack (as before platforms), and
 * another platform's with none, so the org's default for that platform applies.
 */
async function packToSend(packSlug: string | undefined, content: Buffer, fileName: string) {
  if (packSlug !== undefined) return packSlug
  const detected = await detectSubmissionPlatform(content, fileName).catch(() => undefined)
  return (detected?.platform ?? 'uipath') === 'uipath' ? DEFAULT_POLICY_PACK_SLUG : undefined
}

async function post(
  request: RemoteValidation,
  fileName: string,
  content: Buffer,
): Promise<{ status: number; body: Record<string, unknown> } | { failed: string }> {
  const url = new URL('/api/v1/validations', request.server)
  const policyPack = await packToSend(request.packSlug, content, fileName)
  const payload = JSON.stringify({
    fileName,
    contentBase64: content.toString('base64'),
    ...(policyPack === undefined ? {} : { policyPack }),
    ...(request.label === undefined ? {} : { label: request.label }),
  })
  const idempotencyKey = randomUUID()
  for (let attempt = 1; ; attempt++) {
    let response: Response
    let text: string
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${request.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: payload,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      text = await response.text()
    } catch (error) {
      return { failed: `cannot reach ${url.origin}: ${(error as Error).message}` }
    }
    if (BUSY_STATUSES.has(response.status) && attempt < BUSY_RETRY.attempts) {
      await sleep(busyWaitMs(response.headers.get('retry-after')))
      continue
    }
    try {
      return { status: response.status, body: JSON.parse(text) as Record<string, unknown> }
    } catch {
      return { failed: `${url.origin} answered ${response.status} with a body that is not JSON` }
    }
  }
}

/** Sends the input; returns one outcome per file (or one for the project), or why it stopped. */
export async function validateRemotely(
  request: RemoteValidation,
): Promise<{ kind: 'done'; outcomes: Outcome[] } | { kind: 'refused'; message: string }> {
  const project = request.project
  const uploads: readonly RemoteUpload[] =
    project === undefined
      ? request.files
      : [{ fileName: project.fileName, sentName: project.fileName, read: async () => project.content }]
  const outcomes: Outcome[] = []
  for (const upload of uploads) {
    let content: Buffer
    try {
      content = await upload.read()
    } catch (error) {
      const typed = error instanceof AppError
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      outcomes.push({
        kind: 'unreadable',
        error: {
          fileName: upload.fileName,
          code: typed ? error.code : 'FILE_UNREADABLE',
          message: typed ? error.message : `cannot read file (${code})`,
          line: null,
          column: null,
        },
      })
      continue
    }
    // The server names a file by its base name; the report keeps the local name.
    const sent = await post(request, upload.sentName, content)
    if ('failed' in sent) return { kind: 'refused', message: sent.failed }
    if (sent.status === 201 || sent.status === 200) {
      outcomes.push({ kind: 'result', result: { ...toResult(sent.body), fileName: upload.fileName } })
      continue
    }
    const error = (sent.body.error ?? {}) as {
      code?: string
      message?: string
      details?: Array<{ line?: number; column?: number }>
    }
    const code = error.code ?? `HTTP_${sent.status}`
    if (FAILING_INPUT.test(code)) {
      const where = error.details?.[0]
      outcomes.push({
        kind: 'invalid',
        error: {
          fileName: upload.fileName,
          code,
          message: error.message ?? code,
          line: where?.line ?? null,
          column: where?.column ?? null,
        },
      })
      continue
    }
    return {
      kind: 'refused',
      message: `${upload.fileName}: the server refused it: ${code}: ${error.message ?? ''}`.trim(),
    }
  }
  return { kind: 'done', outcomes }
}
