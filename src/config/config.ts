/**
 * Typed configuration from the environment (and CLI flags, which override it). Every default
 * lives in DEFAULTS below; every bad value is a ConfigError naming the variable and the reason,
 * which the CLI turns into exit code 2.
 */
import path from 'node:path'

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
  host: string
  port: number
  /** Base URL used for links in messages (results pages, renewal links). */
  publicUrl: string
  /** Master key for secrets at rest, as given (base64 or hex); resolved by resolveSecretKey. */
  secretKey: string | undefined
  logLevel: LogLevel
}

export const DEFAULTS = Object.freeze({
  dataDir: './.flowcerta',
  databaseFileName: 'flowcerta.db',
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info' as LogLevel,
})

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

function parseLogLevel(raw: string, variable: string): LogLevel {
  const level = raw.toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(variable, `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`)
  }
  return level as LogLevel
}

function parsePublicUrl(raw: string, variable: string): string {
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

/** True when the URL selects the PostgreSQL engine. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl)
}

/** Reads the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const pick = (flag: string | undefined, variable: string): string | undefined =>
    nonEmpty(flag) ?? nonEmpty(env[variable])

  const dataDir = path.resolve(pick(overrides.dataDir, 'FLOWCERTA_DATA_DIR') ?? DEFAULTS.dataDir)
  const rawDatabaseUrl = pick(overrides.databaseUrl, 'FLOWCERTA_DATABASE_URL')
  const databaseUrl =
    rawDatabaseUrl === undefined
      ? path.join(dataDir, DEFAULTS.databaseFileName)
      : parseDatabaseUrl(rawDatabaseUrl, 'FLOWCERTA_DATABASE_URL')
  const host = pick(overrides.host, 'FLOWCERTA_HOST') ?? DEFAULTS.host
  const rawPort = pick(overrides.port, 'FLOWCERTA_PORT')
  const port = rawPort === undefined ? DEFAULTS.port : parsePort(rawPort, 'FLOWCERTA_PORT')
  const rawPublicUrl = pick(overrides.publicUrl, 'FLOWCERTA_PUBLIC_URL')
  const publicUrl =
    rawPublicUrl === undefined
      ? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
      : parsePublicUrl(rawPublicUrl, 'FLOWCERTA_PUBLIC_URL')
  const rawLogLevel = pick(overrides.logLevel, 'FLOWCERTA_LOG_LEVEL')
  const logLevel =
    rawLogLevel === undefined ? DEFAULTS.logLevel : parseLogLevel(rawLogLevel, 'FLOWCERTA_LOG_LEVEL')
  const secretKey = nonEmpty(env.FLOWCERTA_SECRET_KEY)

  return { dataDir, databaseUrl, host, port, publicUrl, secretKey, logLevel }
}

/** The variables and defaults, for `--help` and the README. */
export const CONFIG_VARIABLES = Object.freeze([
  ['FLOWCERTA_DATA_DIR', DEFAULTS.dataDir, 'Folder for the embedded database and generated secret key'],
  ['FLOWCERTA_DATABASE_URL', `<data dir>/${DEFAULTS.databaseFileName}`, 'postgres://… or a SQLite file path'],
  ['FLOWCERTA_HOST', DEFAULTS.host, 'Address the HTTP API listens on'],
  ['FLOWCERTA_PORT', String(DEFAULTS.port), 'Port the HTTP API listens on'],
  ['FLOWCERTA_PUBLIC_URL', 'http://<host>:<port>', 'Base URL for links in messages'],
  [
    'FLOWCERTA_SECRET_KEY',
    'generated into <data dir>/secret.key (SQLite only)',
    '32-byte master key, base64 or hex',
  ],
  ['FLOWCERTA_LOG_LEVEL', DEFAULTS.logLevel, LOG_LEVELS.join(' | ')],
] as const)
