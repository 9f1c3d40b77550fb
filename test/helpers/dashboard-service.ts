/**
 * The real service for browser tests: `node dist/cli/index.js serve` (built by `npm run build`,
 * which builds dist/web too) on 127.0.0.1 port 0 with a fresh temp data dir. Local webhook
 * receivers work (FLOWCERTA_WEBHOOK_ALLOW_CIDRS=127.0.0.0/8). The first admin key comes from
 * `<data dir>/initial-admin-key`; a member key is made with `flowcerta key create`.
 * With `{engine: 'postgres'}` the service runs on FLOWCERTA_TEST_DATABASE_URL in its own schema.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { CLI_PATH, type RunningProcess, runCli, startProcess } from './run-cli.js'
import { dropPostgresSchema, TEST_DATABASE_URL_ENV } from './test-stores.js'

export type DashboardEngine = 'sqlite' | 'postgres'

export interface DashboardServiceOptions {
  engine?: DashboardEngine
  /** Extra environment for the service (FLOWCERTA_* settings a test needs). */
  env?: Record<string, string>
}

export interface DashboardService {
  engine: DashboardEngine
  /** `http://127.0.0.1:<port>` */
  baseUrl: string
  dataDir: string
  orgId: string
  adminKey: string
  memberKey: string
  /** Everything the service printed so far (JSON log lines). */
  output(): string
  /** A Bearer-authenticated API call (for setup and for checks beside the browser). */
  api(method: string, apiPath: string, key: string, body?: unknown): Promise<Response>
  /**
   * For a failure message: the service's last log lines and, on PostgreSQL, every session of the
   * database that is busy or waiting (what it waits for and who blocks it).
   */
  diagnose(): Promise<string>
  /** Stops the service, removes the data dir and (PostgreSQL) drops the schema. Idempotent. */
  stop(): Promise<void>
}

/** Busy sessions of the whole database (other test files share it): a lock or a pool wait shows here. */
async function databaseActivity(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `select pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid) as blocked_by,
              round(extract(epoch from now() - xact_start) * 1000) as xact_ms, left(query, 160) as query
         from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
    )
    return rows.map((row) => JSON.stringify(row)).join('\n')
  } finally {
    await client.end()
  }
}

export async function startDashboardService(
  options: DashboardServiceOptions = {},
): Promise<DashboardService> {
  const engine = options.engine ?? 'sqlite'
  if (!fs.existsSync(path.join(path.dirname(CLI_PATH), '../web/index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build` before the browser tests')
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-dashboard-'))
  const env: Record<string, string> = {
    FLOWCERTA_DATA_DIR: dataDir,
    FLOWCERTA_PORT: '0',
    FLOWCERTA_HOST: '127.0.0.1',
    FLOWCERTA_DATABASE_URL: '',
    FLOWCERTA_DATABASE_SCHEMA: '',
    FLOWCERTA_SECRET_KEY: '',
    FLOWCERTA_PUBLIC_URL: '',
    FLOWCERTA_WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
    ...options.env,
  }
  let schema: string | undefined
  let databaseUrl: string | undefined
  if (engine === 'postgres') {
    databaseUrl = process.env[TEST_DATABASE_URL_ENV]
    if (!databaseUrl) throw new Error(`${TEST_DATABASE_URL_ENV} is not set`)
    schema = `t_${randomBytes(8).toString('hex')}`
    env.FLOWCERTA_DATABASE_URL = databaseUrl
    env.FLOWCERTA_DATABASE_SCHEMA = schema
    env.FLOWCERTA_SECRET_KEY = randomBytes(32).toString('base64')
  }

  let child: RunningProcess | undefined
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    if (child !== undefined) await child.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (schema !== undefined && databaseUrl !== undefined) await dropPostgresSchema(databaseUrl, schema)
  }

  try {
    child = startProcess(process.execPath, [CLI_PATH, 'serve'], env)
    const started = child.waitFor(/"address":"(http:\/\/127\.0\.0\.1:\d+)"/, 90_000)
    const exited = new Promise<never>((_, reject) =>
      child?.child.once('exit', (code) =>
        reject(new Error(`flowcerta serve exited (${code}) before listening:\n${child?.output()}`)),
      ),
    )
    const baseUrl = (await Promise.race([started, exited]))[1] as string
    const adminKey = fs.readFileSync(path.join(dataDir, 'initial-admin-key'), 'utf8').trim()

    const api = (method: string, apiPath: string, key: string, body?: unknown) =>
      fetch(`${baseUrl}${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })

    const me = await api('GET', '/api/v1/me', adminKey)
    if (me.status !== 200) throw new Error(`GET /api/v1/me with the first admin key answered ${me.status}`)
    const { orgId } = (await me.json()) as { orgId: string }
    const made = await runCli(
      ['key', 'create', '--org', orgId, '--email', 'member@dashboard.test', '--role', 'member', '--json'],
      env,
      60_000,
    )
    if (made.code !== 0) throw new Error(`flowcerta key create failed (${made.code}): ${made.stderr}`)
    const memberKey = (JSON.parse(made.stdout) as { apiKey: string }).apiKey
    const running = child
    return {
      engine,
      baseUrl,
      dataDir,
      orgId,
      adminKey,
      memberKey,
      output: () => running.output(),
      diagnose: async () => {
        const log = running.output().trimEnd().split('\n').slice(-60).join('\n')
        const activity =
          databaseUrl === undefined
            ? ''
            : `\n-- database sessions not idle:\n${await databaseActivity(databaseUrl)}`
        return `-- the service's last log lines:\n${log}${activity}`
      },
      api,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
