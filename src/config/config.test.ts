import fs from 'node:fs'
import os, { availableParallelism } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { deliverySettings } from '../main.js'
import { DEFAULT_RETRY_POLICY } from '../webhooks/delivery/retry-policy.js'
import {
  CONFIG_OVERRIDES,
  ConfigError,
  type ConfigOverrides,
  configFlags,
  configHelpText,
  configReadmeTable,
  DEFAULTS,
  loadConfig,
} from './config.js'
import { CONFIG_SETTINGS } from './config-settings.js'
import { decodeSecretKey, resolveSecretKey } from './secret-key.js'

function configError(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('reads the webhook allow-list and plain-http switch (default: none, off)', () => {
    expect(loadConfig({}).webhookAllowCidrs).toEqual([])
    expect(loadConfig({}).webhookAllowHttp).toBe(false)
    const config = loadConfig({
      FLOWCERTA_WEBHOOK_ALLOW_CIDRS: ' 127.0.0.0/8, ::1/128 ,10.1.2.3',
      FLOWCERTA_WEBHOOK_ALLOW_HTTP: 'true',
    })
    expect(config.webhookAllowCidrs).toEqual(['127.0.0.0/8', '::1/128', '10.1.2.3/32'])
    expect(config.webhookAllowHttp).toBe(true)
    for (const [variable, value] of [
      ['FLOWCERTA_WEBHOOK_ALLOW_CIDRS', '127.0.0.0/33'],
      ['FLOWCERTA_WEBHOOK_ALLOW_CIDRS', 'localhost/8'],
      ['FLOWCERTA_WEBHOOK_ALLOW_CIDRS', '::1/129'],
      ['FLOWCERTA_WEBHOOK_ALLOW_CIDRS', '10.0.0.0/8/1'],
      ['FLOWCERTA_WEBHOOK_ALLOW_HTTP', 'yes please'],
    ] as const) {
      expect(configError(() => loadConfig({ [variable]: value })).variable).toBe(variable)
    }
  })

  it('reads the webhook lease (default 60 s, 20–3600 s)', () => {
    expect(loadConfig({}).webhookLeaseSeconds).toBe(60)
    expect(loadConfig({ FLOWCERTA_WEBHOOK_LEASE_SECONDS: ' 20 ' }).webhookLeaseSeconds).toBe(20)
    expect(loadConfig({ FLOWCERTA_WEBHOOK_LEASE_SECONDS: '3600' }).webhookLeaseSeconds).toBe(3600)
    for (const value of ['19', '0', '3601', '-30', '1.5', '60s', 'abc', '1e3', '0x3c']) {
      const error = configError(() => loadConfig({ FLOWCERTA_WEBHOOK_LEASE_SECONDS: value }))
      expect(error.variable).toBe('FLOWCERTA_WEBHOOK_LEASE_SECONDS')
      expect(error.reason).toContain('from 20 to 3600')
    }
  })

  it('reads the analysis threads (default: cores − 1, at most 4; 0–64)', () => {
    expect(loadConfig({}).analysisThreads).toBe(Math.min(4, Math.max(0, availableParallelism() - 1)))
    expect(loadConfig({ FLOWCERTA_ANALYSIS_THREADS: '0' }).analysisThreads).toBe(0)
    expect(loadConfig({ FLOWCERTA_ANALYSIS_THREADS: ' 64 ' }).analysisThreads).toBe(64)
    for (const value of ['65', '-1', '1.5', 'two', '1e1', '0x2']) {
      const error = configError(() => loadConfig({ FLOWCERTA_ANALYSIS_THREADS: value }))
      expect(error.variable).toBe('FLOWCERTA_ANALYSIS_THREADS')
      expect(error.reason).toContain('from 0 to 64')
    }
  })

  it("reads the analysis threads' nice value (default 0; 0–19)", () => {
    expect(loadConfig({}).analysisThreadNice).toBe(0)
    expect(loadConfig({ FLOWCERTA_ANALYSIS_THREAD_NICE: ' 10 ' }).analysisThreadNice).toBe(10)
    for (const value of ['20', '-1', '1.5', 'low']) {
      const error = configError(() => loadConfig({ FLOWCERTA_ANALYSIS_THREAD_NICE: value }))
      expect(error.variable).toBe('FLOWCERTA_ANALYSIS_THREAD_NICE')
      expect(error.reason).toContain('from 0 to 19')
    }
  })

  it('reads the analysis thread memory (default 128 MiB; 64–16384)', () => {
    expect(loadConfig({}).analysisThreadMemoryMb).toBe(128)
    expect(loadConfig({ FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB: ' 64 ' }).analysisThreadMemoryMb).toBe(64)
    expect(loadConfig({ FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB: '16384' }).analysisThreadMemoryMb).toBe(16384)
    for (const value of ['63', '0', '16385', '-128', '1.5', '128M', 'lots', '1e3']) {
      const error = configError(() => loadConfig({ FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB: value }))
      expect(error.variable).toBe('FLOWCERTA_ANALYSIS_THREAD_MEMORY_MB')
      expect(error.reason).toContain('from 64 to 16384')
    }
  })

  it('has defaults in one place', () => {
    const config = loadConfig({})
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(8080)
    expect(config.dataDir).toBe(path.resolve('.flowcerta'))
    expect(config.databaseUrl).toBe(path.resolve('.flowcerta', 'flowcerta.db'))
    expect(config.publicUrl).toBe('http://127.0.0.1:8080')
    expect(config.logLevel).toBe('info')
    expect(config.expiryScanCron).toBe('0 4 * * *')
    expect(config.databaseSchema).toBeUndefined()
  })

  it('reads the expiry-scan cron expression and the PostgreSQL schema', () => {
    const config = loadConfig({
      FLOWCERTA_EXPIRY_SCAN_CRON: ' 30 2 * * 1-5 ',
      FLOWCERTA_DATABASE_URL: 'postgres://127.0.0.1/test',
      FLOWCERTA_DATABASE_SCHEMA: 'tenant_1',
    })
    expect(config.expiryScanCron).toBe('30 2 * * 1-5')
    expect(config.databaseSchema).toBe('tenant_1')
  })

  it('reads the environment; flags override it', () => {
    const env = {
      FLOWCERTA_PORT: '9000',
      FLOWCERTA_HOST: '0.0.0.0',
      FLOWCERTA_DATABASE_URL: 'postgres://u:p@db/flowcerta',
      FLOWCERTA_PUBLIC_URL: 'https://flowcerta.example.com/',
      FLOWCERTA_LOG_LEVEL: 'DEBUG',
    }
    const config = loadConfig(env, { port: '9100' })
    expect(config.port).toBe(9100)
    expect(config.host).toBe('0.0.0.0')
    expect(config.databaseUrl).toBe('postgres://u:p@db/flowcerta')
    expect(config.publicUrl).toBe('https://flowcerta.example.com')
    expect(config.logLevel).toBe('debug')
  })

  it.each([
    ['FLOWCERTA_PORT', 'eighty'],
    ['FLOWCERTA_PORT', '70000'],
    ['FLOWCERTA_PORT', '-1'],
    ['FLOWCERTA_LOG_LEVEL', 'loud'],
    ['FLOWCERTA_PUBLIC_URL', 'not a url'],
    ['FLOWCERTA_PUBLIC_URL', 'ftp://x'],
    ['FLOWCERTA_DATABASE_URL', 'mysql://localhost/db'],
    ['FLOWCERTA_EXPIRY_SCAN_CRON', 'daily'],
    ['FLOWCERTA_EXPIRY_SCAN_CRON', '0 4 * *'],
    ['FLOWCERTA_EXPIRY_SCAN_CRON', '0 25 * * *'],
    ['FLOWCERTA_DATABASE_SCHEMA', 'public'],
  ])('%s=%s → ConfigError naming the variable', (variable, value) => {
    const error = configError(() => loadConfig({ [variable]: value }))
    expect(error.variable).toBe(variable)
    expect(error.message).toContain(variable)
  })

  it('accepts IP addresses and host names for FLOWCERTA_HOST, nothing else', () => {
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', 'api.internal', 'db-1.example.com.']) {
      expect(loadConfig({ FLOWCERTA_HOST: host }).host).toBe(host)
    }
    for (const host of ['bad host!', '256.1.1.1', '-x.example', 'a..b', 'x'.repeat(64), 'http://x']) {
      expect(configError(() => loadConfig({ FLOWCERTA_HOST: host })).variable, host).toBe('FLOWCERTA_HOST')
    }
  })

  it('refuses a data folder path that is a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-cfg-'))
    try {
      fs.writeFileSync(path.join(dir, 'file'), '')
      expect(loadConfig({ FLOWCERTA_DATA_DIR: path.join(dir, 'missing') }).dataDir).toBe(
        path.join(dir, 'missing'),
      )
      const error = configError(() => loadConfig({ FLOWCERTA_DATA_DIR: path.join(dir, 'file') }))
      expect(error.variable).toBe('FLOWCERTA_DATA_DIR')
      expect(error.reason).toContain('is not a folder')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  // Issue 10, item 10: `serve --port 99999` blamed FLOWCERTA_PORT.
  it.each([
    ['host', 'bad host!'],
    ['dataDir', '/dev/null'],
    ['port', '99999'],
    ['logLevel', 'loud'],
    ['publicUrl', 'ftp://x'],
    ['databaseUrl', 'mysql://localhost/db'],
  ] as const)('a bad %s names the flag when the flag gave it, the variable when the env did', (key, bad) => {
    const { flag, variable } = CONFIG_OVERRIDES[key]
    const overrides: ConfigOverrides = { [key]: bad }
    const fromFlag = configError(() => loadConfig({}, overrides))
    expect(fromFlag.variable).toBe(flag)
    expect(fromFlag.message).not.toContain(variable)
    // Even when the variable holds a good value, the bad flag is the one to blame.
    const good = {
      host: 'localhost',
      dataDir: os.tmpdir(),
      port: '8080',
      logLevel: 'info',
      publicUrl: 'http://x',
      databaseUrl: 'x.db',
    }[key]
    expect(configError(() => loadConfig({ [variable]: good }, overrides)).variable).toBe(flag)
    expect(configError(() => loadConfig({ [variable]: bad })).variable).toBe(variable)
    // A good flag over a bad variable: the flag wins and nothing fails.
    expect(() => loadConfig({ [variable]: bad }, { [key]: good })).not.toThrow()
  })

  it('reads FLOWCERTA_TRUST_PROXY with Fastify trustProxy meanings (default off)', () => {
    const trust = (value: string) => loadConfig({ FLOWCERTA_TRUST_PROXY: value }).trustProxy
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(trust('false')).toBe(false)
    expect(trust('TRUE')).toBe(true)
    expect(trust(' 10.0.0.1, 192.168.0.0/16 ,::1, loopback')).toEqual([
      '10.0.0.1/32',
      '192.168.0.0/16',
      '::1/128',
      'loopback',
    ])
    for (const value of ['yes', '-1', '1.5', '10.0.0.0/33', 'proxy.internal', '10.0.0.1,,nope', ',']) {
      const error = configError(() => trust(value))
      expect(error.variable, value).toBe('FLOWCERTA_TRUST_PROXY')
      expect(error.message).toContain('FLOWCERTA_TRUST_PROXY')
    }
  })

  it('refuses a FLOWCERTA_TRUST_PROXY hop count, which Fastify 5 would silently ignore', () => {
    for (const value of ['0', '1', '2']) {
      const error = configError(() => loadConfig({ FLOWCERTA_TRUST_PROXY: value }))
      expect(error.variable).toBe('FLOWCERTA_TRUST_PROXY')
      expect(error.reason).toMatch(/hop count .* not supported.*proxy addresses/)
    }
  })

  it('FLOWCERTA_DATABASE_SCHEMA must be a plain identifier', () => {
    const error = configError(() =>
      loadConfig({
        FLOWCERTA_DATABASE_URL: 'postgres://127.0.0.1/test',
        FLOWCERTA_DATABASE_SCHEMA: 'a"; drop',
      }),
    )
    expect(error.variable).toBe('FLOWCERTA_DATABASE_SCHEMA')
  })

  it('reads the tracing settings: off by default, an http(s) endpoint without credentials, a ratio 0–1', () => {
    expect(loadConfig({})).toMatchObject({ otlpEndpoint: undefined, traceSampleRatio: 1 })
    expect(
      loadConfig({ FLOWCERTA_OTLP_ENDPOINT: 'http://127.0.0.1:4318/', FLOWCERTA_TRACE_SAMPLE_RATIO: '0.25' }),
    ).toMatchObject({ otlpEndpoint: 'http://127.0.0.1:4318', traceSampleRatio: 0.25 })
    expect(loadConfig({ FLOWCERTA_TRACE_SAMPLE_RATIO: '0' }).traceSampleRatio).toBe(0)
    for (const endpoint of ['collector:4318', 'grpc://collector:4317']) {
      expect(configError(() => loadConfig({ FLOWCERTA_OTLP_ENDPOINT: endpoint })).variable).toBe(
        'FLOWCERTA_OTLP_ENDPOINT',
      )
    }
    const withPassword = configError(() =>
      loadConfig({ FLOWCERTA_OTLP_ENDPOINT: 'https://user:hunter2@collector.example:4318' }),
    )
    expect(withPassword.variable).toBe('FLOWCERTA_OTLP_ENDPOINT')
    expect(withPassword.message).toContain('OTEL_EXPORTER_OTLP_HEADERS')
    expect(withPassword.message).not.toContain('hunter2')
    for (const ratio of ['1.5', '-0.1', 'half']) {
      expect(configError(() => loadConfig({ FLOWCERTA_TRACE_SAMPLE_RATIO: ratio })).variable).toBe(
        'FLOWCERTA_TRACE_SAMPLE_RATIO',
      )
    }
  })

  it('never echoes a database password in an error', () => {
    const error = configError(() => loadConfig({ FLOWCERTA_DATABASE_URL: 'mysql://user:hunter2@db/x' }))
    expect(error.message).not.toContain('hunter2')
  })
})

describe('secret key', () => {
  it('accepts 32 bytes as hex or base64 and refuses anything else', () => {
    expect(decodeSecretKey('ab'.repeat(32), 'K')).toHaveLength(32)
    expect(decodeSecretKey(Buffer.alloc(32, 7).toString('base64'), 'K')).toHaveLength(32)
    for (const bad of ['short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64')]) {
      expect(() => decodeSecretKey(bad, 'K')).toThrow(ConfigError)
    }
  })

  it('is generated once into the data dir with mode 0600 for SQLite, then reused', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-key-'))
    try {
      const config = loadConfig({ FLOWCERTA_DATA_DIR: dataDir })
      const first = resolveSecretKey(config)
      const second = resolveSecretKey(config)
      expect(first.equals(second)).toBe(true)
      expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('is required with PostgreSQL', () => {
    const config = loadConfig({ FLOWCERTA_DATABASE_URL: 'postgres://127.0.0.1/test' })
    expect(configError(() => resolveSecretKey(config)).variable).toBe('FLOWCERTA_SECRET_KEY')
  })
})

const ROWS = Object.values(CONFIG_SETTINGS)

describe('the settings table', () => {
  it("is README.md's configuration table, row for row", () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8')
    const start = readme.indexOf('| variable | flag | default | meaning |')
    expect(start, 'README.md has the configuration table').toBeGreaterThan(0)
    const table = readme.slice(start, readme.indexOf('\n\n', start))
    // On a mismatch: paste configReadmeTable() (npx tsx -e) over the README's table.
    expect(table).toBe(configReadmeTable())
  })

  it('gives every variable once, with its flag and default, in `serve --help`', () => {
    const help = configHelpText()
    const variables = ROWS.map((row) => row.variable)
    expect(new Set(variables).size).toBe(variables.length)
    for (const row of ROWS) {
      expect(help).toContain(`  ${row.variable}${'flag' in row ? `, ${row.flag.name}` : ''}  (default: `)
    }
  })

  it('gives the flags to the commands that take them, naming their variables', () => {
    expect(configFlags('every').map(([flag]) => flag)).toEqual([
      '--data-dir <dir>',
      '--database-url <url>',
      '--log-level <level>',
    ])
    expect(configFlags('serve').map(([flag]) => flag)).toEqual([
      '--host <host>',
      '--port <port>',
      '--public-url <url>',
      '--session-hours <hours>',
    ])
    expect(configFlags('serve')[1]?.[1]).toContain('(FLOWCERTA_PORT)')
  })
})

describe('webhook delivery settings', () => {
  it('default to what the delivery engine used before they were settings', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      webhookAllowCidrs: [],
      webhookAllowHttp: false,
      webhookConnectTimeoutMs: 5_000,
      webhookSendTimeoutMs: 15_000,
      webhookLeaseSeconds: 60,
      webhookConcurrency: 64,
      webhookConcurrencyPerWebhook: 8,
      webhookClaimBatchSize: 100,
      webhookParallelCycles: 4,
      webhookPollMs: 1_000,
    })
    expect(deliverySettings(config).worker.policy).toEqual(DEFAULT_RETRY_POLICY)
    expect(DEFAULTS.webhookRetrySchedule).toEqual(DEFAULT_RETRY_POLICY.attemptDelaysMs.slice(1))
  })

  it('reach the worker and the sender', () => {
    const config = loadConfig({
      FLOWCERTA_WEBHOOK_CONNECT_TIMEOUT_MS: '250',
      FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS: '2000',
      FLOWCERTA_WEBHOOK_LEASE_SECONDS: '30',
      FLOWCERTA_WEBHOOK_RETRY_SCHEDULE: ' 1s, 2m ,3h',
      FLOWCERTA_WEBHOOK_CONCURRENCY: '10',
      FLOWCERTA_WEBHOOK_CONCURRENCY_PER_WEBHOOK: '2',
      FLOWCERTA_WEBHOOK_CLAIM_BATCH_SIZE: '5',
      FLOWCERTA_WEBHOOK_POLL_MS: '50',
      FLOWCERTA_WEBHOOK_CONNECTIONS_PER_ORIGIN: '32',
    })
    const { sender, worker } = deliverySettings(config)
    expect(sender).toEqual({ connectTimeoutMs: 250, totalTimeoutMs: 2000, connectionsPerOrigin: 32 })
    expect(worker).toMatchObject({
      leaseMs: 30_000,
      globalCap: 10,
      perWebhookCap: 2,
      batchSize: 5,
      pollMs: 50,
    })
    expect(worker.policy.attemptDelaysMs).toEqual([0, 1_000, 120_000, 10_800_000])
    expect(worker.policy.jitter).toBe(DEFAULT_RETRY_POLICY.jitter)
  })

  it.each([
    ['FLOWCERTA_WEBHOOK_CONNECT_TIMEOUT_MS', '99', 'from 100 to 60000'],
    ['FLOWCERTA_WEBHOOK_CONNECT_TIMEOUT_MS', '5s', 'from 100 to 60000'],
    ['FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS', '600001', 'from 1000 to 600000'],
    ['FLOWCERTA_WEBHOOK_CONCURRENCY', '0', 'from 1 to 1024'],
    ['FLOWCERTA_WEBHOOK_CONCURRENCY_PER_WEBHOOK', '1025', 'from 1 to 1024'],
    ['FLOWCERTA_WEBHOOK_CLAIM_BATCH_SIZE', '-1', 'from 1 to 1000'],
    ['FLOWCERTA_WEBHOOK_POLL_MS', '1.5', 'from 50 to 60000'],
    ['FLOWCERTA_WEBHOOK_RETRY_SCHEDULE', '5', '"5" is not a duration from 1s to 24h'],
    ['FLOWCERTA_WEBHOOK_RETRY_SCHEDULE', '5s,,5m', '"" is not a duration'],
    ['FLOWCERTA_WEBHOOK_RETRY_SCHEDULE', '0s', '"0s" is not a duration'],
    ['FLOWCERTA_WEBHOOK_RETRY_SCHEDULE', '25h', '"25h" is not a duration'],
    ['FLOWCERTA_WEBHOOK_RETRY_SCHEDULE', '-5s', 'is not a duration'],
    [
      'FLOWCERTA_WEBHOOK_RETRY_SCHEDULE',
      Array(21).fill('1m').join(','),
      'must list 1 to 20 durations, got 21',
    ],
  ])('%s=%s → ConfigError naming the variable (%s)', (variable, value, reason) => {
    const error = configError(() => loadConfig({ [variable]: value }))
    expect(error.variable).toBe(variable)
    expect(error.reason).toContain(reason)
  })

  it('refuses a lease that does not outlast the send timeout by 5 s, naming both variables', () => {
    expect(
      loadConfig({ FLOWCERTA_WEBHOOK_LEASE_SECONDS: '20', FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS: '15000' }),
    ).toMatchObject({ webhookLeaseSeconds: 20, webhookSendTimeoutMs: 15_000 })
    for (const env of [
      { FLOWCERTA_WEBHOOK_LEASE_SECONDS: '20', FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS: '15001' },
      { FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS: '60000' }, // the default lease, 60 s
    ]) {
      const error = configError(() => loadConfig(env))
      expect(error.variable).toBe('FLOWCERTA_WEBHOOK_LEASE_SECONDS')
      expect(error.message).toContain('FLOWCERTA_WEBHOOK_SEND_TIMEOUT_MS')
      expect(error.reason).toContain('at least 5 s')
    }
  })
})
