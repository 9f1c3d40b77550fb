import fs from 'node:fs'
import os, { availableParallelism } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'
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

  it('FLOWCERTA_DATABASE_SCHEMA must be a plain identifier', () => {
    const error = configError(() =>
      loadConfig({
        FLOWCERTA_DATABASE_URL: 'postgres://127.0.0.1/test',
        FLOWCERTA_DATABASE_SCHEMA: 'a"; drop',
      }),
    )
    expect(error.variable).toBe('FLOWCERTA_DATABASE_SCHEMA')
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
