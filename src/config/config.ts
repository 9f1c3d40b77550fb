/**
 * Typed configuration from the environment (and CLI flags, which override it). Every default
 * lives in DEFAULTS below; every bad value is a ConfigError naming the variable and the reason,
 * which the CLI turns into exit code 2.
 */

import fs from 'node:fs'
import net from 'node:net'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { CronExpressionError, parseCronExpression } from '../risk-exceptions/cron-expression.js'

export const LOG_LEVELS = Object.freeze([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const)
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Config {
  /** Folder for the embedded database and the generated secret key. */
  dataDir: string
  /** `postgres://…` for PostgreSQL, otherwise a SQLite file path. */
  databaseUrl: string
  /** PostgreSQL only: the schema to create and use (search_path); unset = the server's default. */
  databaseSchema: string | undefined
  host: string
  port: number
  /** Base URL used for links in messages (results pages, renewal links). */
  publicUrl: string
  /** Master key for secrets at rest, as given (base64 or hex); resolved by resolveSecretKey. */
  secretKey: string | undefined
  logLevel: LogLevel
  /** When the scheduler role runs the exception expiry scan: 5-field cron expression, UTC. */
  expiryScanCron: string
  /**
   * Address ranges webhooks may reach although they are not public (loopback, private…), e.g.
   * `127.0.0.0/8`: the SSRF guard lets them through, and plain http is accepted for them.
   * Normalised `address/prefix` strings; empty by default.
   */
  webhookAllowCidrs: readonly string[]
  /** Accept plain-http webhook URLs for any host (default false: https only, except allowed ranges). */
  webhookAllowHttp: boolean
  /**
   * How long a delivery worker's claim owns its rows (seconds). A worker killed mid-send leaves
   * them until it runs out; it must outlast a send (total timeout 15 s) and its recording.
   */
  webhookLeaseSeconds: number
  /** Worker threads that analyse submitted files (0: on the event loop). */
  analysisThreads: number
  /**
   * Heap of each analysis thread, MiB: a file whose analysis needs more fails its own request
   * (XAML_TOO_COMPLEX) and that thread is replaced. A file at every reader limit needs ~60 MiB.
   */
  analysisThreadMemoryMb: number
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (Fastify's `trustProxy`):
   * false (default: the socket's address), true (any), or proxy addresses/CIDR ranges.
   */
  trustProxy: TrustProxy
  /** A dashboard session's absolute lifetime, hours (it also ends after 2 idle hours). */
  sessionHours: number
}

/** FLOWCERTA_TRUST_PROXY as Fastify's `trustProxy` takes it. */
export type TrustProxy = boolean | readonly string[]

export const DEFAULTS = Object.freeze({
  dataDir: './.flowcerta',
  databaseFileName: 'flowcerta.db',
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info' as LogLevel,
  expiryScanCron: '0 4 * * *',
  webhookLeaseSeconds: 60,
  // One thread per core beyond the first (it serves HTTP and the database), at most 4; none on
  // a single core, where a thread would only add hand-over cost.
  analysisThreads: Math.min(4, Math.max(0, availableParallelism() - 1)),
  // Twice what a file at every reader limit needs (bench/README.md), so no accepted file fails.
  analysisThreadMemoryMb: 128,
  sessionHours: 12,
})

/** Range names that proxy-addr (Fastify's trustProxy) knows besides addresses and CIDRs. */
const TRUST_PROXY_RANGE_NAMES = Object.freeze(['loopback', 'linklocal', 'uniquelocal'])

/** Bounds of FLOWCERTA_ANALYSIS_THREADS. */
export const ANALYSIS_THREADS_RANGE = Object.freeze({ min: 0, max: 64 })

/** Bounds of FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB: below 64 files under the reader's limits fail. */
export const ANALYSIS_THREAD_MEMORY_MB_RANGE = Object.freeze({ min: 64, max: 16384 })

/** Bounds of FLOWCERTA_SESSION_HOURS: an hour to 30 days. */
export const SESSION_HOURS_RANGE = Object.freeze({ min: 1, max: 720 })

/** Bounds of FLOWCERTA_WEBHOOK_LEASE_SECONDS: above the 15 s send timeout, at most an hour. */
export const WEBHOOK_LEASE_SECONDS_RANGE = Object.freeze({ min: 20, max: 3600 })

/** A configuration value that cannot be used. `variable` names the env variable (or flag). */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`)
    this.name = 'ConfigError'
  }
}

/** Values given as CLI flags; each one overrides its environment variable. */
export interface ConfigOverrides {
  dataDir?: string
  databaseUrl?: string
  host?: string
  port?: string
  publicUrl?: string
  logLevel?: string
  sessionHours?: string
}

/**
 * The flag and the variable behind each override, so a bad value is blamed on what the user
 * actually wrote (`--port 99999` names `--port`, FLOWCERTA_PORT=99999 names the variable).
 */
export const CONFIG_OVERRIDES = Object.freeze({
  dataDir: { flag: '--data-dir', variable: 'FLOWCERTA_DATA_DIR' },
  databaseUrl: { flag: '--database-url', variable: 'FLOWCERTA_DATABASE_URL' },
  host: { flag: '--host', variable: 'FLOWCERTA_HOST' },
  port: { flag: '--port', variable: 'FLOWCERTA_PORT' },
  publicUrl: { flag: '--public-url', variable: 'FLOWCERTA_PUBLIC_URL' },
  logLevel: { flag: '--log-level', variable: 'FLOWCERTA_LOG_LEVEL' },
  sessionHours: { flag: '--session-hours', variable: 'FLOWCERTA_SESSION_HOURS' },
} as const satisfies Record<keyof ConfigOverrides, { flag: string; variable: string }>)

/** A value as given, with the name of the flag or variable it came from (for errors). */
interface GivenValue {
  raw: string
  source: string
}

type Env = Record<string, string | undefined>

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

function parsePort(raw: string, variable: string): number {
  if (!/^\d{1,5}$/.test(raw))
    throw new ConfigError(variable, `must be a whole number from 0 to 65535, got "${raw}"`)
  const port = Number(raw)
  if (port > 65535) throw new ConfigError(variable, `must be a whole number from 0 to 65535, got "${raw}"`)
  return port
}

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`)

/** An IP address or a host name (letters, digits, hyphens, dots); checked here so a typo is
 * blamed on the flag or variable rather than reported later as a failed name lookup. */
function parseHost(raw: string, variable: string): string {
  if (net.isIP(raw) !== 0) return raw
  // All digits and dots is meant as an IPv4 address, and is not one (e.g. 256.1.1.1).
  if (!/^[\d.]+$/.test(raw) && HOST_NAME.test(raw)) return raw
  throw new ConfigError(variable, `must be an IP address or a host name, got "${raw}"`)
}

/** The data folder may be missing (it is created); something else at its path is an error. */
function parseDataDir(raw: string, variable: string): string {
  const dir = path.resolve(raw)
  let stats: fs.Stats | undefined
  try {
    stats = fs.statSync(dir)
  } catch {
    return dir // missing (created when needed), or unreadable (reported when used)
  }
  if (!stats.isDirectory()) throw new ConfigError(variable, `"${raw}" exists and is not a folder`)
  return dir
}

function parseLogLevel(raw: string, variable: string): LogLevel {
  const level = raw.toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(variable, `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`)
  }
  return level as LogLevel
}

/** An absolute http(s) URL without trailing slashes, or a ConfigError naming `variable`. */
export function parsePublicUrl(raw: string, variable: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(variable, `must be an absolute http(s) URL, got "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(variable, `must use http or https, got "${url.protocol}"`)
  }
  return raw.replace(/\/+$/, '')
}

function parseDatabaseUrl(raw: string, variable: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme !== 'postgres' && scheme !== 'postgresql' && scheme !== 'file') {
    throw new ConfigError(
      variable,
      `unsupported scheme "${scheme}://": use postgres://… or a SQLite file path`,
    )
  }
  if (scheme === 'file') return raw.slice('file://'.length)
  return raw
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

function parseDatabaseSchema(raw: string, variable: string, databaseUrl: string): string {
  if (!isPostgresUrl(databaseUrl))
    throw new ConfigError(variable, 'applies to PostgreSQL only (FLOWCERTA_DATABASE_URL=postgres://…)')
  if (!SCHEMA_NAME.test(raw)) {
    throw new ConfigError(
      variable,
      `must be 1 to 63 letters, digits or _ and not start with a digit, got "${raw}"`,
    )
  }
  return raw
}

/**
 * A comma-separated list of CIDR ranges (`10.0.0.0/8,::1/128`; a bare address means a single host).
 * Returns them as `address/prefix`, each checked, so later users need not parse again.
 */
export function parseCidrList(raw: string, variable: string): string[] {
  const ranges: string[] = []
  for (const part of raw.split(',')) {
    const text = part.trim()
    if (text === '') continue
    const [address = '', prefixText, extra] = text.split('/')
    const family = net.isIP(address)
    if (family === 0 || extra !== undefined) {
      throw new ConfigError(
        variable,
        `"${text}" is not an IP address or CIDR range such as 127.0.0.0/8 or ::1/128`,
      )
    }
    const maxPrefix = family === 4 ? 32 : 128
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText)
    if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || prefix > maxPrefix)) {
      throw new ConfigError(variable, `"${text}" has a prefix length outside 0–${maxPrefix}`)
    }
    ranges.push(`${address}/${prefix}`)
  }
  return ranges
}

function parseBoolean(raw: string, variable: string): boolean {
  const value = raw.toLowerCase()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new ConfigError(variable, `must be true or false, got "${raw}"`)
}

function parseLeaseSeconds(raw: string, variable: string): number {
  const { min, max } = WEBHOOK_LEASE_SECONDS_RANGE
  const seconds = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(seconds >= min && seconds <= max)) {
    throw new ConfigError(
      variable,
      `must be a whole number of seconds from ${min} to ${max} (longer than the 15 s send timeout), got "${raw}"`,
    )
  }
  return seconds
}

function parseSessionHours(raw: string, variable: string): number {
  const { min, max } = SESSION_HOURS_RANGE
  const hours = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(hours >= min && hours <= max)) {
    throw new ConfigError(variable, `must be a whole number of hours from ${min} to ${max}, got "${raw}"`)
  }
  return hours
}

function parseAnalysisThreads(raw: string, variable: string): number {
  const { min, max } = ANALYSIS_THREADS_RANGE
  const threads = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(threads >= min && threads <= max)) {
    throw new ConfigError(variable, `must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return threads
}

function parseThreadMemoryMb(raw: string, variable: string): number {
  const { min, max } = ANALYSIS_THREAD_MEMORY_MB_RANGE
  const mb = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(mb >= min && mb <= max)) {
    throw new ConfigError(variable, `must be a whole number of MiB from ${min} to ${max}, got "${raw}"`)
  }
  return mb
}

function parseCron(raw: string, variable: string): string {
  try {
    return parseCronExpression(raw).source
  } catch (error) {
    if (error instanceof CronExpressionError) {
      throw new ConfigError(
        variable,
        `must be a 5-field cron expression (UTC), e.g. "0 4 * * *": ${error.message}`,
      )
    }
    throw error
  }
}

/**
 * FLOWCERTA_TRUST_PROXY, with Fastify's trustProxy meanings: `false`/`true`, or a comma-separated
 * list of proxy addresses, CIDR ranges and proxy-addr's range names (loopback, linklocal,
 * uniquelocal). A hop count is refused: Fastify 5 takes one but then trusts no proxy at all
 * (fail-closed, as a hop count cannot tell the proxy from a direct client forging the header),
 * so accepting it would be a setting that silently does nothing.
 */
export function parseTrustProxy(raw: string, variable: string): TrustProxy {
  const value = raw.toLowerCase()
  if (value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) {
    throw new ConfigError(
      variable,
      `a hop count ("${raw}") is not supported: Fastify trusts no proxy for one, since a direct client could forge the header; list the proxy addresses or CIDR ranges instead (or true)`,
    )
  }
  const trusted: string[] = []
  for (const part of raw.split(',')) {
    const text = part.trim()
    if (text === '') continue
    if ((TRUST_PROXY_RANGE_NAMES as readonly string[]).includes(text.toLowerCase())) {
      trusted.push(text.toLowerCase())
      continue
    }
    try {
      trusted.push(...parseCidrList(text, variable))
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      throw new ConfigError(
        variable,
        `must be true, false, or comma-separated proxy addresses/CIDR ranges (or ${TRUST_PROXY_RANGE_NAMES.join(', ')}); "${text}" is none of these`,
      )
    }
  }
  if (trusted.length === 0) throw new ConfigError(variable, `names no proxy address, got "${raw}"`)
  return Object.freeze(trusted)
}

/** True when the URL selects the PostgreSQL engine. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl)
}

/** Reads the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  // The flag wins over its variable, and is the one named when its value is bad.
  const pick = (key: keyof ConfigOverrides): GivenValue | undefined => {
    const { flag, variable } = CONFIG_OVERRIDES[key]
    const fromFlag = nonEmpty(overrides[key])
    if (fromFlag !== undefined) return { raw: fromFlag, source: flag }
    const fromEnv = nonEmpty(env[variable])
    return fromEnv === undefined ? undefined : { raw: fromEnv, source: variable }
  }

  const givenDataDir = pick('dataDir')
  const dataDir =
    givenDataDir === undefined
      ? path.resolve(DEFAULTS.dataDir)
      : parseDataDir(givenDataDir.raw, givenDataDir.source)
  const givenDatabaseUrl = pick('databaseUrl')
  const databaseUrl =
    givenDatabaseUrl === undefined
      ? path.join(dataDir, DEFAULTS.databaseFileName)
      : parseDatabaseUrl(givenDatabaseUrl.raw, givenDatabaseUrl.source)
  const givenHost = pick('host')
  const host = givenHost === undefined ? DEFAULTS.host : parseHost(givenHost.raw, givenHost.source)
  const givenPort = pick('port')
  const port = givenPort === undefined ? DEFAULTS.port : parsePort(givenPort.raw, givenPort.source)
  const givenPublicUrl = pick('publicUrl')
  const publicUrl =
    givenPublicUrl === undefined
      ? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
      : parsePublicUrl(givenPublicUrl.raw, givenPublicUrl.source)
  const givenLogLevel = pick('logLevel')
  const logLevel =
    givenLogLevel === undefined ? DEFAULTS.logLevel : parseLogLevel(givenLogLevel.raw, givenLogLevel.source)
  const secretKey = nonEmpty(env.FLOWCERTA_SECRET_KEY)
  const rawSchema = nonEmpty(env.FLOWCERTA_DATABASE_SCHEMA)
  const databaseSchema =
    rawSchema === undefined
      ? undefined
      : parseDatabaseSchema(rawSchema, 'FLOWCERTA_DATABASE_SCHEMA', databaseUrl)
  const rawCron = nonEmpty(env.FLOWCERTA_EXPIRY_SCAN_CRON)
  const expiryScanCron =
    rawCron === undefined ? DEFAULTS.expiryScanCron : parseCron(rawCron, 'FLOWCERTA_EXPIRY_SCAN_CRON')

  const rawAllowCidrs = nonEmpty(env.FLOWCERTA_WEBHOOK_ALLOW_CIDRS)
  const webhookAllowCidrs =
    rawAllowCidrs === undefined ? [] : parseCidrList(rawAllowCidrs, 'FLOWCERTA_WEBHOOK_ALLOW_CIDRS')
  const rawAllowHttp = nonEmpty(env.FLOWCERTA_WEBHOOK_ALLOW_HTTP)
  const webhookAllowHttp =
    rawAllowHttp === undefined ? false : parseBoolean(rawAllowHttp, 'FLOWCERTA_WEBHOOK_ALLOW_HTTP')

  const rawLease = nonEmpty(env.FLOWCERTA_WEBHOOK_LEASE_SECONDS)
  const webhookLeaseSeconds =
    rawLease === undefined
      ? DEFAULTS.webhookLeaseSeconds
      : parseLeaseSeconds(rawLease, 'FLOWCERTA_WEBHOOK_LEASE_SECONDS')

  const rawThreads = nonEmpty(env.FLOWCERTA_ANALYSIS_THREADS)
  const analysisThreads =
    rawThreads === undefined
      ? DEFAULTS.analysisThreads
      : parseAnalysisThreads(rawThreads, 'FLOWCERTA_ANALYSIS_THREADS')
  const rawThreadMemory = nonEmpty(env.FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB)
  const analysisThreadMemoryMb =
    rawThreadMemory === undefined
      ? DEFAULTS.analysisThreadMemoryMb
      : parseThreadMemoryMb(rawThreadMemory, 'FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB')

  const rawTrustProxy = nonEmpty(env.FLOWCERTA_TRUST_PROXY)
  const trustProxy =
    rawTrustProxy === undefined ? false : parseTrustProxy(rawTrustProxy, 'FLOWCERTA_TRUST_PROXY')

  const givenSessionHours = pick('sessionHours')
  const sessionHours =
    givenSessionHours === undefined
      ? DEFAULTS.sessionHours
      : parseSessionHours(givenSessionHours.raw, givenSessionHours.source)

  return {
    dataDir,
    databaseUrl,
    databaseSchema,
    host,
    port,
    publicUrl,
    secretKey,
    logLevel,
    expiryScanCron,
    webhookAllowCidrs,
    webhookAllowHttp,
    webhookLeaseSeconds,
    analysisThreads,
    analysisThreadMemoryMb,
    trustProxy,
    sessionHours,
  }
}

/** The variables and defaults, for `--help` and the README. */
export const CONFIG_VARIABLES = Object.freeze([
  ['FLOWCERTA_DATA_DIR', DEFAULTS.dataDir, 'Folder for the embedded database and generated secret key'],
  ['FLOWCERTA_DATABASE_URL', `<data dir>/${DEFAULTS.databaseFileName}`, 'postgres://… or a SQLite file path'],
  [
    'FLOWCERTA_DATABASE_SCHEMA',
    '(the server default, normally public)',
    'PostgreSQL only: schema to create and use as search_path',
  ],
  ['FLOWCERTA_HOST', DEFAULTS.host, 'Address the HTTP API listens on'],
  ['FLOWCERTA_PORT', String(DEFAULTS.port), 'Port the HTTP API listens on'],
  ['FLOWCERTA_PUBLIC_URL', 'http://<host>:<port>', 'Base URL for links in messages'],
  [
    'FLOWCERTA_SECRET_KEY',
    'generated into <data dir>/secret.key (SQLite only)',
    '32-byte master key, base64 or hex',
  ],
  ['FLOWCERTA_LOG_LEVEL', DEFAULTS.logLevel, LOG_LEVELS.join(' | ')],
  [
    'FLOWCERTA_EXPIRY_SCAN_CRON',
    DEFAULTS.expiryScanCron,
    'When the scheduler runs the exception expiry scan (5-field cron, UTC)',
  ],
  [
    'FLOWCERTA_WEBHOOK_ALLOW_CIDRS',
    '(none)',
    'Non-public ranges webhooks may reach (and use plain http for), e.g. 127.0.0.0/8,::1/128',
  ],
  ['FLOWCERTA_WEBHOOK_ALLOW_HTTP', 'false', 'Accept plain-http webhook URLs for any host'],
  [
    'FLOWCERTA_WEBHOOK_LEASE_SECONDS',
    String(DEFAULTS.webhookLeaseSeconds),
    `How long a delivery worker owns claimed deliveries (${WEBHOOK_LEASE_SECONDS_RANGE.min}–${WEBHOOK_LEASE_SECONDS_RANGE.max} s); a killed worker's are sent again after it`,
  ],
  [
    'FLOWCERTA_ANALYSIS_THREADS',
    'cores − 1, at most 4',
    `Worker threads that analyse submitted files (${ANALYSIS_THREADS_RANGE.min}–${ANALYSIS_THREADS_RANGE.max}; 0 = on the event loop)`,
  ],
  [
    'FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB',
    String(DEFAULTS.analysisThreadMemoryMb),
    `Heap of each analysis thread in MiB (${ANALYSIS_THREAD_MEMORY_MB_RANGE.min}–${ANALYSIS_THREAD_MEMORY_MB_RANGE.max}); a file needing more is refused with XAML_TOO_COMPLEX`,
  ],
  [
    'FLOWCERTA_TRUST_PROXY',
    'false',
    'Believe X-Forwarded-For from: true (any proxy) or these proxy addresses/CIDRs',
  ],
  [
    'FLOWCERTA_SESSION_HOURS',
    String(DEFAULTS.sessionHours),
    `Absolute lifetime of a dashboard session (${SESSION_HOURS_RANGE.min}–${SESSION_HOURS_RANGE.max} h; it also ends after 2 idle hours)`,
  ],
] as const)

/** What openStore needs from the config: the URL, and the PostgreSQL schema when one is set. */
export function storeOptionsFromConfig(config: Config): { databaseUrl: string; schema?: string } {
  return config.databaseSchema === undefined
    ? { databaseUrl: config.databaseUrl }
    : { databaseUrl: config.databaseUrl, schema: config.databaseSchema }
}
