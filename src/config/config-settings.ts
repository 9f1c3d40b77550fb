/**
 * Every setting, once: its variable, its flag (if any), its default, the reader of its value and
 * what it means. `Config`, `DEFAULTS`, the flags of the commands, `flowcerta serve --help` and the
 * README's configuration table are all made from this table (config.ts); adding a setting is adding
 * a row. Rows are read in order, so a default or reader may use the settings above it
 * (`EarlierSettings`). Settings that must agree with each other are checked in CONFIG_CHECKS.
 */
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { DEFAULT_RETRY_POLICY } from '../webhooks/delivery/retry-policy.js'
import {
  durationList,
  formatDuration,
  LOG_LEVELS,
  type LogLevel,
  parseBoolean,
  parseCidrList,
  parseCron,
  parseDatabaseSchema,
  parseDatabaseUrl,
  parseDataDir,
  parseHost,
  parseLogLevel,
  parseOtlpEndpoint,
  parsePublicUrl,
  parseRatio,
  parseTrustProxy,
  retentionPeriod,
  type TrustProxy,
  wholeNumber,
} from './config-values.js'

/** What a default or a reader may read of the settings above it in the table. */
export interface EarlierSettings {
  readonly dataDir: string
  readonly databaseUrl: string
  readonly host: string
  readonly port: number
}

/** A command-line flag that overrides a variable; `every` command takes it, or only `serve`. */
export interface ConfigFlag {
  readonly name: `--${string}`
  readonly value: `<${string}>`
  readonly commands: 'every' | 'serve'
}

export interface ConfigSetting<T> {
  readonly variable: `FLOWCERTA_${string}`
  readonly flag?: ConfigFlag
  /** Used when neither the flag nor the variable is given; a function when it follows from others. */
  readonly default: T | ((earlier: EarlierSettings) => T)
  /** The default as the docs say it (Markdown), where the value itself would not say it. */
  readonly defaultText?: string
  /** Reads the value as given (trimmed, not empty); throws a ConfigError naming `source`. */
  readonly parse: (raw: string, source: string, earlier: EarlierSettings) => T
  /** One line for `--help`. */
  readonly summary: string
  /** The README's "meaning" (Markdown). */
  readonly description: string
}

const DATA_DIR = './.flowcerta'
const DATABASE_FILE_NAME = 'flowcerta.db'
/** The time an attempt's recording may take after its send: the lease must cover both. */
export const LEASE_MARGIN_SECONDS = 5
const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

export const CONFIG_SETTINGS = {
  dataDir: {
    variable: 'FLOWCERTA_DATA_DIR',
    flag: { name: '--data-dir', value: '<dir>', commands: 'every' },
    default: () => path.resolve(DATA_DIR),
    defaultText: `\`${DATA_DIR}\``,
    parse: parseDataDir,
    summary: 'Folder for the embedded database and generated secret key',
    description:
      'folder for the embedded database, the generated secret key and the first admin key file; created 0700 with its files 0600 whatever the umask (an existing folder or file that others can read keeps its mode, and each start logs a warning with the `chmod` that fixes it)',
  },
  databaseUrl: {
    variable: 'FLOWCERTA_DATABASE_URL',
    flag: { name: '--database-url', value: '<url>', commands: 'every' },
    default: (earlier: EarlierSettings) => path.join(earlier.dataDir, DATABASE_FILE_NAME),
    defaultText: `\`<data dir>/${DATABASE_FILE_NAME}\``,
    parse: parseDatabaseUrl,
    summary: 'postgres://… or a SQLite file path',
    description: '`postgres://…` for PostgreSQL, otherwise a SQLite file path',
  },
  databaseSchema: {
    variable: 'FLOWCERTA_DATABASE_SCHEMA',
    default: undefined,
    defaultText: "the server's default (normally `public`)",
    parse: (raw: string, source: string, earlier: EarlierSettings): string | undefined =>
      parseDatabaseSchema(raw, source, earlier.databaseUrl),
    summary: 'PostgreSQL only: schema to create and use as search_path',
    description:
      'PostgreSQL only: schema to create (on migrate) and use as `search_path`, for several installations (or test runs) in one database',
  },
  databasePoolSize: {
    variable: 'FLOWCERTA_DATABASE_POOL_SIZE',
    default: 10,
    parse: wholeNumber({ min: 1, max: 1000, unit: 'connections' }),
    summary: 'PostgreSQL only: most pooled connections of this process (1–1000)',
    description:
      "PostgreSQL only: most pooled connections this process opens (1–1000), plus one for the delivery workers' LISTEN; every process has its own pool, so the server's `max_connections` must cover the sum over all processes",
  },
  host: {
    variable: 'FLOWCERTA_HOST',
    flag: { name: '--host', value: '<host>', commands: 'serve' },
    default: '127.0.0.1',
    parse: parseHost,
    summary: 'Address the HTTP API listens on',
    description: 'address the HTTP API listens on',
  },
  port: {
    variable: 'FLOWCERTA_PORT',
    flag: { name: '--port', value: '<port>', commands: 'serve' },
    default: 8080,
    parse: wholeNumber({ min: 0, max: 65535 }),
    summary: 'Port the HTTP API listens on',
    description: 'port the HTTP API listens on (`0` picks a free one)',
  },
  publicUrl: {
    variable: 'FLOWCERTA_PUBLIC_URL',
    flag: { name: '--public-url', value: '<url>', commands: 'serve' },
    default: ({ host, port }: EarlierSettings) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    defaultText: '`http://<host>:<port>`',
    parse: parsePublicUrl,
    summary: 'Base URL for links in messages',
    description:
      "base URL for links in messages and for findings' `docsUrl` (`<public URL>/docs/rules/<ruleId>`); `flowcerta validate` reads it too",
  },
  secretKey: {
    variable: 'FLOWCERTA_SECRET_KEY',
    default: undefined,
    defaultText: 'generated into `<data dir>/secret.key` (mode 0600) on SQLite; **required** on PostgreSQL',
    // Decoded and checked by resolveSecretKey (secret-key.ts), which also generates it.
    parse: (raw: string): string | undefined => raw,
    summary: '32-byte master key for secrets at rest, base64 or hex',
    description: '32-byte master key for secrets at rest, base64 or hex (`openssl rand -base64 32`)',
  },
  logLevel: {
    variable: 'FLOWCERTA_LOG_LEVEL',
    flag: { name: '--log-level', value: '<level>', commands: 'every' },
    default: 'info' as LogLevel,
    parse: parseLogLevel,
    summary: LOG_LEVELS.join(' | '),
    description: `${LOG_LEVELS.slice(0, -1)
      .map((level) => `\`${level}\``)
      .join(', ')} or \`${LOG_LEVELS.at(-1)}\`; logs are JSON lines (pino) and never contain keys or secrets`,
  },
  otlpEndpoint: {
    variable: 'FLOWCERTA_OTLP_ENDPOINT',
    default: undefined,
    defaultText: 'none: tracing off',
    parse: (raw: string, source: string): string | undefined => parseOtlpEndpoint(raw, source),
    summary: 'OTLP/HTTP receiver for traces, e.g. http://127.0.0.1:4318 (unset: tracing off)',
    description:
      "base URL of an OpenTelemetry OTLP/HTTP receiver (a Collector, Jaeger, Tempo…), e.g. `http://127.0.0.1:4318`: set, each process sends its traces (http/protobuf) to `<url>/v1/traces`; unset, tracing is off and costs nothing. Only this variable turns tracing on (an `OTEL_EXPORTER_OTLP_ENDPOINT` meant for another program is ignored); the exporter's `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_EXPORTER_OTLP_TIMEOUT` are honoured. Credentials in the URL are refused (they go in the headers). See docs/operations.md",
  },
  traceSampleRatio: {
    variable: 'FLOWCERTA_TRACE_SAMPLE_RATIO',
    default: 1,
    parse: parseRatio,
    summary: 'Share of new traces recorded when tracing is on (0–1)',
    description:
      "with tracing on, the share of new traces recorded, 0–1 (by trace id); a request that arrives with a W3C `traceparent` follows its caller's sampling decision",
  },
  expiryScanCron: {
    variable: 'FLOWCERTA_EXPIRY_SCAN_CRON',
    default: '0 4 * * *',
    parse: parseCron,
    summary: 'When the scheduler runs the exception expiry scan (5-field cron, UTC)',
    description:
      'when the scheduler role runs the risk-exception expiry scan: 5-field cron (`minute hour day-of-month month day-of-week`, with `*`, lists, ranges, steps), in UTC; run it by hand with `flowcerta jobs run exception-expiry-scan`',
  },
  webhookAllowCidrs: {
    variable: 'FLOWCERTA_WEBHOOK_ALLOW_CIDRS',
    default: Object.freeze([]) as readonly string[],
    defaultText: 'none',
    parse: (raw: string, source: string): readonly string[] => parseCidrList(raw, source),
    summary: 'Non-public ranges webhooks may reach (and use plain http for), e.g. 127.0.0.0/8,::1/128',
    description:
      'comma-separated ranges (`127.0.0.0/8,::1/128`; a bare address is one host) that webhooks may reach although they are not public — for tests and on-premise receivers; plain `http://` is accepted for hosts inside them',
  },
  webhookAllowHttp: {
    variable: 'FLOWCERTA_WEBHOOK_ALLOW_HTTP',
    default: false as boolean,
    parse: parseBoolean,
    summary: 'Accept plain-http webhook URLs for any host',
    description:
      '`true` accepts plain-`http://` webhook URLs for any host (otherwise https only, except the ranges above)',
  },
  webhookConnectTimeoutMs: {
    variable: 'FLOWCERTA_WEBHOOK_CONNECT_TIMEOUT_MS',
    default: 5_000,
    parse: wholeNumber({ min: 100, max: 60_000, unit: 'milliseconds' }),
    summary: 'How long a webhook send may take to connect (TCP and TLS), ms',
    description:
      'how long a webhook send may take to connect (TCP and TLS), 100–60000 ms; a receiver that takes longer is an attempt failed with `timeout`',
  },
  webhookSendTimeoutMs: {
    variable: 'FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS',
    default: 15_000,
    parse: wholeNumber({ min: 1_000, max: 600_000, unit: 'milliseconds' }),
    summary: 'How long one webhook send may take in all, ms',
    description:
      'how long one webhook send may take in all, from connect to the end of the response, 1000–600000 ms (then it fails with `timeout`); `FLOWCERTA_WEBHOOK_LEASE_SECONDS` must outlast it',
  },
  webhookLeaseSeconds: {
    variable: 'FLOWCERTA_WEBHOOK_LEASE_SECONDS',
    default: 60,
    parse: wholeNumber({ min: 20, max: 3600, unit: 'seconds' }),
    summary: `How long a delivery worker owns claimed deliveries (20–3600 s; send timeout + ${LEASE_MARGIN_SECONDS} s at least); a killed worker's are sent again after it`,
    description: `how long a delivery worker owns the deliveries it claimed, 20–3600 s, and at least the send timeout above plus ${LEASE_MARGIN_SECONDS} s to record the attempt (checked at start); a killed worker's unrecorded deliveries are sent again once it runs out`,
  },
  webhookRetrySchedule: {
    variable: 'FLOWCERTA_WEBHOOK_RETRY_SCHEDULE',
    default: DEFAULT_RETRY_POLICY.attemptDelaysMs.slice(1) as readonly number[],
    defaultText: `\`${DEFAULT_RETRY_POLICY.attemptDelaysMs.slice(1).map(formatDuration).join(',')}\``,
    parse: durationList({ eachMs: { min: 1_000, max: 24 * 3_600_000 }, count: { min: 1, max: 20 } }),
    summary: 'Waits between webhook attempts after the first, e.g. 5s,5m,30m,2h',
    description: `the waits between a delivery's attempts after the first (which is sent at once): 1 to 20 durations (\`s\`, \`m\` or \`h\`, 1s to 24h each), each spread by ±${DEFAULT_RETRY_POLICY.jitter * 100} %; a delivery whose last retry fails is \`failed\` (as Svix's \`retry_schedule\`)`,
  },
  webhookConcurrency: {
    variable: 'FLOWCERTA_WEBHOOK_CONCURRENCY',
    default: 64,
    parse: wholeNumber({ min: 1, max: 1024 }),
    summary: 'Webhook attempts a worker process has in flight at most',
    description:
      'webhook attempts a delivery worker process has in flight at most (sending, or sent and not yet recorded), 1–1024',
  },
  webhookConcurrencyPerWebhook: {
    variable: 'FLOWCERTA_WEBHOOK_CONCURRENCY_PER_WEBHOOK',
    default: 8,
    parse: wholeNumber({ min: 1, max: 1024 }),
    summary: 'Of those, at most this many to one webhook',
    description:
      'of those, at most this many to one webhook (1–1024), so a slow receiver holds only its own slots',
  },
  webhookConnectionsPerOrigin: {
    variable: 'FLOWCERTA_WEBHOOK_CONNECTIONS_PER_ORIGIN',
    default: 16,
    parse: wholeNumber({ min: 1, max: 1024 }),
    summary: 'Keep-alive connections a worker process opens to one receiver origin',
    description:
      'keep-alive connections a delivery worker process keeps to one receiver origin (scheme, host, port), 1–1024; webhooks on the same origin share them',
  },
  webhookClaimBatchSize: {
    variable: 'FLOWCERTA_WEBHOOK_CLAIM_BATCH_SIZE',
    default: 100,
    parse: wholeNumber({ min: 1, max: 1000 }),
    summary: 'Most deliveries one claim takes',
    description: 'most deliveries a worker claims at once (1–1000)',
  },
  webhookParallelCycles: {
    variable: 'FLOWCERTA_WEBHOOK_PARALLEL_CYCLES',
    default: 4,
    parse: wholeNumber({ min: 1, max: 32 }),
    summary: 'PostgreSQL only: delivery cycles a worker process runs at once (1–32)',
    description:
      'PostgreSQL only: delivery cycles (database round trips that record attempts and claim) a worker process runs at once, 1–32; one of them claims, the others record attempts meanwhile; each takes a pooled connection. SQLite runs one at a time',
  },
  webhookPollMs: {
    variable: 'FLOWCERTA_WEBHOOK_POLL_MS',
    default: 1_000,
    parse: wholeNumber({ min: 50, max: 60_000, unit: 'milliseconds' }),
    summary: 'How often an idle delivery worker looks for due deliveries, ms',
    description:
      'how often an idle delivery worker looks for deliveries that came due (retries; new deliveries wake it at once), 50–60000 ms',
  },
  analysisThreads: {
    variable: 'FLOWCERTA_ANALYSIS_THREADS',
    // One thread per core beyond the first (it serves HTTP and the database), at most 4; none on
    // a single core, where a thread would only add hand-over cost.
    default: Math.min(4, Math.max(0, availableParallelism() - 1)),
    defaultText: 'cores − 1, at most 4 (none on one core)',
    parse: wholeNumber({ min: 0, max: 64 }),
    summary: 'Worker threads that analyse submitted files (0–64; 0 = on the event loop)',
    description:
      'worker threads that analyse submitted files (0–64), so the API keeps answering while files are analysed; `0` analyses on the event loop',
  },
  analysisThreadNice: {
    variable: 'FLOWCERTA_ANALYSIS_THREAD_NICE',
    // 0: on a shared 2-core machine nice +10 did not make the delivery tails under a validation
    // stream better (bench/README.md, part (b), session 3): the threads then yield to every other
    // process too, and analyses slow down. Meant for a host of its own, where only this process's
    // main thread outranks them.
    default: 0,
    parse: wholeNumber({ min: 0, max: 19 }),
    summary: "Nice value of the analysis threads on Linux (0–19; 0 = the main thread's priority)",
    description:
      'CPU priority of the analysis threads on Linux (0–19, per thread): above 0 the main thread — API and webhook delivery — preempts analyses when the cores are busy; other systems ignore it',
  },
  analysisThreadMemoryMb: {
    variable: 'FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB',
    // Twice what a file at every reader limit needs (bench/README.md), so no accepted file fails;
    // below 64 files under the reader's limits fail.
    default: 128,
    parse: wholeNumber({ min: 64, max: 16384, unit: 'MiB' }),
    summary:
      'Heap of each analysis thread in MiB (64–16384); a file needing more is refused with XAML_TOO_COMPLEX',
    description:
      "heap of each analysis thread (64–16384 MiB): a file whose analysis needs more is refused with `XAML_TOO_COMPLEX` (422) and only that request fails; a file at every reader limit needs ~60 MiB. The API's analysis memory is at most threads × this",
  },
  trustProxy: {
    variable: 'FLOWCERTA_TRUST_PROXY',
    default: false as TrustProxy,
    parse: parseTrustProxy,
    summary: 'Believe X-Forwarded-For from: true (any proxy) or these proxy addresses/CIDRs',
    description:
      "whose `X-Forwarded-For` gives the client address (used to rate-limit failed logins per client): `false` = the connecting address; behind a reverse proxy list the proxy's addresses or CIDR ranges (`10.0.0.5,10.1.0.0/16`; also `loopback`, `linklocal`, `uniquelocal`), or `true` to believe any sender (only when nothing else can reach the port). A hop count is refused: Fastify would trust no proxy for it",
  },
  sessionHours: {
    variable: 'FLOWCERTA_SESSION_HOURS',
    flag: { name: '--session-hours', value: '<hours>', commands: 'serve' },
    default: 12,
    parse: wholeNumber({ min: 1, max: 720, unit: 'hours' }),
    summary: 'Absolute lifetime of a dashboard session (1–720 h; it also ends after 2 idle hours)',
    description:
      'absolute lifetime of a dashboard session (1–720 hours): signing in with an API key at `/sign-in` gives an HttpOnly cookie that lasts this long, ends sooner after 2 hours without a request, at sign-out, or when its key is revoked',
  },
  retentionDeliveries: {
    variable: 'FLOWCERTA_RETENTION_DELIVERIES',
    default: (30 * DAY_MS) as number | null,
    defaultText: '`30d`',
    parse: retentionPeriod({ minMs: MINUTE_MS }),
    summary:
      'How long delivered (and cancelled) deliveries and their attempts are kept: 30d, 12h, 10m or forever',
    description:
      'how long a delivery that succeeded (or was cancelled) and its attempts are kept after it finished: a whole number with `m`, `h` or `d`, or `forever`; the scheduler prunes older ones (`flowcerta prune`). Pending deliveries are never pruned',
  },
  retentionFailedDeliveries: {
    variable: 'FLOWCERTA_RETENTION_FAILED_DELIVERIES',
    default: (90 * DAY_MS) as number | null,
    defaultText: '`90d`',
    parse: retentionPeriod({ minMs: MINUTE_MS }),
    summary: 'How long failed deliveries and their attempts are kept (they can be recovered until then)',
    description:
      'how long a failed delivery and its attempts are kept after it failed, so that recover can still send it (a recovered delivery is pending again and then kept as above): a duration or `forever`',
  },
  retentionEvents: {
    variable: 'FLOWCERTA_RETENTION_EVENTS',
    default: (90 * DAY_MS) as number | null,
    defaultText: '`90d`',
    parse: retentionPeriod({ minMs: MINUTE_MS }),
    summary: 'How long events (the outbox) are kept once none of their deliveries is left',
    description:
      'how long an event of the outbox is kept after it occurred: a duration or `forever`; an event goes only once none of its deliveries is left',
  },
  retentionIdempotencyKeys: {
    variable: 'FLOWCERTA_RETENTION_IDEMPOTENCY_KEYS',
    default: (2 * DAY_MS) as number | null,
    defaultText: '`2d`',
    // The Idempotency-Key window (IDEMPOTENCY_WINDOW_MS, src/validations/submit-validation.ts):
    // a shorter retention would let a retried request make a second result.
    parse: retentionPeriod({ minMs: DAY_MS }),
    summary: 'How long Idempotency-Key rows of submissions are kept (at least 1d, the replay window)',
    description:
      'how long the `Idempotency-Key` of a submission is remembered: at least `1d` (a key replays its result for 24 hours), or `forever`',
  },
  retentionSessions: {
    variable: 'FLOWCERTA_RETENTION_SESSIONS',
    default: DAY_MS as number | null,
    defaultText: '`1d`',
    parse: retentionPeriod({ minMs: MINUTE_MS }),
    summary: 'How long ended dashboard sessions are kept after they ended',
    description:
      'how long a dashboard session that ended (expired, or idle for 2 hours) is kept before it is pruned: a duration or `forever` (an ended session never signs anyone in again)',
  },
  retentionResults: {
    variable: 'FLOWCERTA_RETENTION_RESULTS',
    default: null as number | null,
    defaultText: '`forever`',
    parse: retentionPeriod({ minMs: DAY_MS }),
    summary: 'How long validation results are kept: forever (default) or a duration of at least 1d',
    description:
      'how long a validation result is kept after it was validated: `forever` (the default) or a duration of at least `1d`; with a duration, older results go with their per-day rule counts, and a project whose results all went leaves the projects list',
  },
  retentionCron: {
    variable: 'FLOWCERTA_RETENTION_CRON',
    default: '*/10 * * * *',
    parse: parseCron,
    summary: 'When the scheduler prunes rows past their retention (5-field cron, UTC)',
    description:
      'when the scheduler role prunes what is past its retention (5-field cron, UTC), a batch at a time; run it by hand with `flowcerta prune` (`--dry-run` only counts)',
  },
  retentionBatchSize: {
    variable: 'FLOWCERTA_RETENTION_BATCH_SIZE',
    default: 500,
    parse: wholeNumber({ min: 1, max: 10_000 }),
    summary: 'Most rows one prune transaction deletes (1–10000)',
    description:
      'most rows of one kind a prune transaction deletes (1–10000): each batch commits on its own, so no lock is held longer than one batch',
  },
} as const satisfies Record<string, ConfigSetting<unknown>>

/** A setting's value type, from its reader and its default. */
type SettingValue<S> = S extends {
  parse: (...args: never[]) => infer T
  default: infer D
}
  ? T | (D extends (...args: never[]) => infer R ? R : D)
  : never

/** The configuration, one field per row of CONFIG_SETTINGS. */
export type Config = {
  -readonly [K in keyof typeof CONFIG_SETTINGS]: SettingValue<(typeof CONFIG_SETTINGS)[K]>
}

/** Settings that must agree: a ConfigError naming the first setting's variable (the others in the reason). */
export const CONFIG_CHECKS: readonly {
  readonly settings: readonly (keyof Config)[]
  /** Why the values do not go together, or undefined when they do. */
  readonly check: (config: Config) => string | undefined
}[] = [
  {
    // A worker killed mid-send leaves its rows leased until the lease ends; a live worker must
    // finish a send and record it before then, or another worker sends the delivery again.
    settings: ['webhookLeaseSeconds', 'webhookSendTimeoutMs'],
    check: ({ webhookLeaseSeconds, webhookSendTimeoutMs }) =>
      webhookLeaseSeconds * 1000 >= webhookSendTimeoutMs + LEASE_MARGIN_SECONDS * 1000
        ? undefined
        : `${webhookLeaseSeconds} s must outlast ${CONFIG_SETTINGS.webhookSendTimeoutMs.variable} (${webhookSendTimeoutMs} ms) by at least ${LEASE_MARGIN_SECONDS} s, the time to record an attempt: raise the lease or lower the timeout`,
  },
]
