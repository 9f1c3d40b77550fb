/**
 * Typed configuration from the environment (and CLI flags, which override it), made from the one
 * table of settings (config-settings.ts): `loadConfig`, `DEFAULTS`, the commands' flags, the
 * `--help` text and the README's table. Every bad value is a ConfigError naming the variable (or
 * the flag, when a flag gave it) and the reason, which the CLI turns into exit code 2.
 */
import { ConfigError } from './config-error.js'
import {
  CONFIG_CHECKS,
  CONFIG_SETTINGS,
  type Config,
  type ConfigSetting,
  type EarlierSettings,
} from './config-settings.js'

export { ConfigError } from './config-error.js'
export type { Config } from './config-settings.js'
export {
  isPostgresUrl,
  LOG_LEVELS,
  type LogLevel,
  parseCidrList,
  parsePublicUrl,
  parseTrustProxy,
  type TrustProxy,
} from './config-values.js'

type Settings = typeof CONFIG_SETTINGS
type SettingKey = keyof Settings
type Env = Record<string, string | undefined>

/** The settings in table order. */
const SETTING_ROWS = Object.entries(CONFIG_SETTINGS) as [SettingKey, ConfigSetting<unknown>][]

/** Values given as CLI flags, by setting; each overrides its variable (settings without a flag ignore theirs). */
export type ConfigOverrides = { [K in SettingKey]?: string }

/** The settings that take a flag. */
type FlaggedKey = { [K in SettingKey]: Settings[K] extends { flag: object } ? K : never }[SettingKey]

/**
 * The flag and the variable behind each override, so a bad value is blamed on what the user
 * actually wrote (`--port 99999` names `--port`, FLOWCERTA_PORT=99999 names the variable).
 */
export const CONFIG_OVERRIDES = Object.freeze(
  Object.fromEntries(
    SETTING_ROWS.flatMap(([key, row]) =>
      row.flag === undefined ? [] : [[key, { flag: row.flag.name, variable: row.variable }]],
    ),
  ),
) as { readonly [K in FlaggedKey]: { readonly flag: string; readonly variable: string } }

/** The settings whose default is a plain value (not derived from other settings). */
type PlainDefaultKey = {
  [K in SettingKey]: Settings[K]['default'] extends (...args: never[]) => unknown ? never : K
}[SettingKey]

/** Every plain default, by setting (the derived ones: `defaultText` in the table). */
export const DEFAULTS = Object.freeze(
  Object.fromEntries(
    SETTING_ROWS.flatMap(([key, row]) => (typeof row.default === 'function' ? [] : [[key, row.default]])),
  ),
) as { readonly [K in PlainDefaultKey]: Settings[K]['default'] }

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/** Reads the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const config: Record<string, unknown> = {}
  // Rows are in dependency order: what a row reads of `earlier` is filled in above it.
  const earlier = config as unknown as EarlierSettings
  const sources = new Map<SettingKey, string>()
  for (const [key, row] of SETTING_ROWS) {
    // The flag wins over its variable, and is the one named when its value is bad.
    const fromFlag = row.flag === undefined ? undefined : nonEmpty(overrides[key])
    const fromEnv = nonEmpty(env[row.variable])
    const source = fromFlag !== undefined ? row.flag?.name : fromEnv !== undefined ? row.variable : undefined
    const raw = fromFlag ?? fromEnv
    sources.set(key, source ?? row.variable)
    config[key] =
      raw === undefined || source === undefined
        ? typeof row.default === 'function'
          ? (row.default as (earlier: EarlierSettings) => unknown)(earlier)
          : row.default
        : row.parse(raw, source, earlier)
  }
  const loaded = config as Config
  for (const { settings, check } of CONFIG_CHECKS) {
    const reason = check(loaded)
    const [first] = settings
    if (reason !== undefined && first !== undefined)
      throw new ConfigError(sources.get(first) ?? first, reason)
  }
  return loaded
}

/** Markdown without its marks, for the terminal. */
function plainText(markdown: string): string {
  return markdown.replaceAll('`', '').replaceAll('**', '')
}

/** A row's default as the docs say it. */
function defaultText(row: ConfigSetting<unknown>): string {
  if (row.defaultText !== undefined) return row.defaultText
  const value = row.default
  return `\`${Array.isArray(value) ? value.join(',') : String(value)}\``
}

/** The flags of the settings that `commands` take, for commander: [flags, description]. */
export function configFlags(commands: 'every' | 'serve'): [string, string][] {
  return SETTING_ROWS.flatMap(([, row]) =>
    row.flag === undefined || row.flag.commands !== commands
      ? []
      : [[`${row.flag.name} ${row.flag.value}`, `${row.summary} (${row.variable})`]],
  )
}

/** The variables, their flags and defaults, for `flowcerta serve --help`. */
export function configHelpText(): string {
  const lines = ['', 'Environment variables (a flag above overrides its variable; README.md says more):']
  for (const [, row] of SETTING_ROWS) {
    const flag = row.flag === undefined ? '' : `, ${row.flag.name}`
    lines.push(`  ${row.variable}${flag}  (default: ${plainText(defaultText(row))})`, `      ${row.summary}`)
  }
  return `${lines.join('\n')}\n`
}

/** The README's configuration table (Markdown); a test keeps README.md equal to it. */
export function configReadmeTable(): string {
  const rows = SETTING_ROWS.map(([, row]) => {
    const flag = row.flag === undefined ? '' : `\`${row.flag.name}\``
    return `| \`${row.variable}\` | ${flag} | ${defaultText(row)} | ${row.description} |`
  })
  return ['| variable | flag | default | meaning |', '|---|---|---|---|', ...rows].join('\n')
}

/** What openStore needs from the config: the URL, the PostgreSQL schema when one is set, the pool size. */
export function storeOptionsFromConfig(config: Config): {
  databaseUrl: string
  schema?: string
  poolSize: number
} {
  return config.databaseSchema === undefined
    ? { databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize }
    : { databaseUrl: config.databaseUrl, schema: config.databaseSchema, poolSize: config.databasePoolSize }
}
