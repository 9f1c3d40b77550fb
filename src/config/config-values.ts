/**
 * The readers of configuration values: each takes the value as given (trimmed, not empty) and the
 * name of the flag or variable it came from, and returns the typed value or throws a ConfigError
 * naming that source. config-settings.ts says which setting uses which.
 */
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { CronExpressionError, parseCronExpression } from '../domain/cron-expression.js'
import { ConfigError } from './config-error.js'

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

/** FLOWCERTA_TRUST_PROXY as Fastify's `trustProxy` takes it. */
export type TrustProxy = boolean | readonly string[]

/** Range names that proxy-addr (Fastify's trustProxy) knows besides addresses and CIDRs. */
const TRUST_PROXY_RANGE_NAMES = Object.freeze(['loopback', 'linklocal', 'uniquelocal'])

/** Reads one setting's value; `source` is the flag or variable that gave it (for errors). */
export type ValueParser<T> = (raw: string, source: string) => T

/**
 * A whole number within bounds (no sign, exponent or fraction), e.g. a port or a timeout;
 * `unit` names what it counts in the error ("a whole number of seconds from 20 to 3600").
 */
export function wholeNumber(bounds: { min: number; max: number; unit?: string }): ValueParser<number> {
  const { min, max, unit } = bounds
  const digits = new RegExp(`^\\d{1,${String(max).length}}$`)
  return (raw, source) => {
    const value = digits.test(raw) ? Number(raw) : Number.NaN
    if (!(value >= min && value <= max)) {
      const what = unit === undefined ? 'a whole number' : `a whole number of ${unit}`
      throw new ConfigError(source, `must be ${what} from ${min} to ${max}, got "${raw}"`)
    }
    return value
  }
}

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`)

/** An IP address or a host name (letters, digits, hyphens, dots); checked here so a typo is
 * blamed on the flag or variable rather than reported later as a failed name lookup. */
export function parseHost(raw: string, source: string): string {
  if (net.isIP(raw) !== 0) return raw
  // All digits and dots is meant as an IPv4 address, and is not one (e.g. 256.1.1.1).
  if (!/^[\d.]+$/.test(raw) && HOST_NAME.test(raw)) return raw
  throw new ConfigError(source, `must be an IP address or a host name, got "${raw}"`)
}

/** The data folder may be missing (it is created); something else at its path is an error. */
export function parseDataDir(raw: string, source: string): string {
  const dir = path.resolve(raw)
  let stats: fs.Stats | undefined
  try {
    stats = fs.statSync(dir)
  } catch {
    return dir // missing (created when needed), or unreadable (reported when used)
  }
  if (!stats.isDirectory()) throw new ConfigError(source, `"${raw}" exists and is not a folder`)
  return dir
}

export function parseLogLevel(raw: string, source: string): LogLevel {
  const level = raw.toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(source, `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`)
  }
  return level as LogLevel
}

/** An absolute http(s) URL without trailing slashes, or a ConfigError naming `source`. */
export function parsePublicUrl(raw: string, source: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(source, `must be an absolute http(s) URL, got "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(source, `must use http or https, got "${url.protocol}"`)
  }
  return raw.replace(/\/+$/, '')
}

/**
 * An OTLP/HTTP receiver's base URL (traces go to `<url>/v1/traces`). Credentials in the URL are
 * refused: they would be logged with it; the exporter takes them from OTEL_EXPORTER_OTLP_HEADERS.
 */
export function parseOtlpEndpoint(raw: string, source: string): string {
  const url = parsePublicUrl(raw, source)
  if (new URL(url).username !== '' || new URL(url).password !== '') {
    throw new ConfigError(
      source,
      'must not carry credentials: give them as OTEL_EXPORTER_OTLP_HEADERS (e.g. "authorization=Bearer …")',
    )
  }
  return url
}

/** A fraction from 0 to 1, e.g. `0.1`. */
export function parseRatio(raw: string, source: string): number {
  const value = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN
  if (Number.isNaN(value)) throw new ConfigError(source, `must be a number from 0 to 1, got "${raw}"`)
  return value
}

/** True when the URL selects the PostgreSQL engine. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl)
}

export function parseDatabaseUrl(raw: string, source: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme !== 'postgres' && scheme !== 'postgresql' && scheme !== 'file') {
    throw new ConfigError(source, `unsupported scheme "${scheme}://": use postgres://… or a SQLite file path`)
  }
  if (scheme === 'file') return raw.slice('file://'.length)
  return raw
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

export function parseDatabaseSchema(raw: string, source: string, databaseUrl: string): string {
  if (!isPostgresUrl(databaseUrl))
    throw new ConfigError(source, 'applies to PostgreSQL only (FLOWCERTA_DATABASE_URL=postgres://…)')
  if (!SCHEMA_NAME.test(raw)) {
    throw new ConfigError(
      source,
      `must be 1 to 63 letters, digits or _ and not start with a digit, got "${raw}"`,
    )
  }
  return raw
}

/**
 * A comma-separated list of CIDR ranges (`10.0.0.0/8,::1/128`; a bare address means a single host).
 * Returns them as `address/prefix`, each checked, so later users need not parse again.
 */
export function parseCidrList(raw: string, source: string): string[] {
  const ranges: string[] = []
  for (const part of raw.split(',')) {
    const text = part.trim()
    if (text === '') continue
    const [address = '', prefixText, extra] = text.split('/')
    const family = net.isIP(address)
    if (family === 0 || extra !== undefined) {
      throw new ConfigError(
        source,
        `"${text}" is not an IP address or CIDR range such as 127.0.0.0/8 or ::1/128`,
      )
    }
    const maxPrefix = family === 4 ? 32 : 128
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText)
    if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || prefix > maxPrefix)) {
      throw new ConfigError(source, `"${text}" has a prefix length outside 0–${maxPrefix}`)
    }
    ranges.push(`${address}/${prefix}`)
  }
  return ranges
}

export function parseBoolean(raw: string, source: string): boolean {
  const value = raw.toLowerCase()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new ConfigError(source, `must be true or false, got "${raw}"`)
}

export function parseCron(raw: string, source: string): string {
  try {
    return parseCronExpression(raw).source
  } catch (error) {
    if (error instanceof CronExpressionError) {
      throw new ConfigError(
        source,
        `must be a 5-field cron expression (UTC), e.g. "0 4 * * *": ${error.message}`,
      )
    }
    throw error
  }
}

const DURATION_UNITS_MS = Object.freeze({ s: 1000, m: 60_000, h: 3_600_000 })

/** `5s`, `30m`, `2h` from milliseconds (the largest unit that divides it; else `ms`). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of Object.entries(DURATION_UNITS_MS).reverse()) {
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}

/**
 * A comma-separated list of durations (`5s,5m,30m,2h`: a whole number with `s`, `m` or `h`), as
 * milliseconds; each within `eachMs`, and `count` of them.
 */
export function durationList(bounds: {
  eachMs: { min: number; max: number }
  count: { min: number; max: number }
}): ValueParser<readonly number[]> {
  const { eachMs, count } = bounds
  const range = `${formatDuration(eachMs.min)} to ${formatDuration(eachMs.max)}`
  return (raw, source) => {
    const parts = raw.split(',').map((part) => part.trim())
    const durations = parts.map((text) => {
      const match = /^(\d{1,6})([smh])$/.exec(text)
      const ms =
        match === null ? Number.NaN : Number(match[1]) * DURATION_UNITS_MS[match[2] as 's' | 'm' | 'h']
      if (!(ms >= eachMs.min && ms <= eachMs.max)) {
        throw new ConfigError(
          source,
          `"${text}" is not a duration from ${range} (a whole number with s, m or h, e.g. 5s,5m,2h), in "${raw}"`,
        )
      }
      return ms
    })
    if (durations.length < count.min || durations.length > count.max) {
      throw new ConfigError(
        source,
        `must list ${count.min} to ${count.max} durations, got ${durations.length}`,
      )
    }
    return Object.freeze(durations)
  }
}

const RETENTION_UNITS_MS = Object.freeze({ m: 60_000, h: 3_600_000, d: 86_400_000 })

/** `30d`, `12h`, `10m` from milliseconds, or `forever` for null (the retention settings' defaults). */
export function formatRetention(ms: number | null): string {
  if (ms === null) return 'forever'
  for (const [unit, size] of Object.entries(RETENTION_UNITS_MS).reverse()) {
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}

/**
 * How long rows are kept: a whole number with `m`, `h` or `d` (`30d`, `36h`, `10m`), at least
 * `minMs`, at most 100 years, as milliseconds; or `forever` (null: never pruned).
 */
export function retentionPeriod(bounds: { minMs: number }): ValueParser<number | null> {
  const maxMs = 36_500 * RETENTION_UNITS_MS.d
  return (raw, source) => {
    if (raw.toLowerCase() === 'forever') return null
    const match = /^(\d{1,8})([mhd])$/.exec(raw)
    const ms =
      match === null ? Number.NaN : Number(match[1]) * RETENTION_UNITS_MS[match[2] as 'm' | 'h' | 'd']
    if (!(ms >= bounds.minMs && ms <= maxMs)) {
      throw new ConfigError(
        source,
        `must be a duration of at least ${formatRetention(bounds.minMs)} (a whole number with m, h or d, e.g. 30d) or "forever", got "${raw}"`,
      )
    }
    return ms
  }
}

/**
 * FLOWCERTA_TRUST_PROXY, with Fastify's trustProxy meanings: `false`/`true`, or a comma-separated
 * list of proxy addresses, CIDR ranges and proxy-addr's range names (loopback, linklocal,
 * uniquelocal). A hop count is refused: Fastify 5 takes one but then trusts no proxy at all
 * (fail-closed, as a hop count cannot tell the proxy from a direct client forging the header),
 * so accepting it would be a setting that silently does nothing.
 */
export function parseTrustProxy(raw: string, source: string): TrustProxy {
  const value = raw.toLowerCase()
  if (value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) {
    throw new ConfigError(
      source,
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
      trusted.push(...parseCidrList(text, source))
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      throw new ConfigError(
        source,
        `must be true, false, or comma-separated proxy addresses/CIDR ranges (or ${TRUST_PROXY_RANGE_NAMES.join(', ')}); "${text}" is none of these`,
      )
    }
  }
  if (trusted.length === 0) throw new ConfigError(source, `names no proxy address, got "${raw}"`)
  return Object.freeze(trusted)
}
