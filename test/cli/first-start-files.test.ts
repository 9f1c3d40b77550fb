/**
 * Issue 10, items 3, 8 and 9 on a real `flowcerta serve` started under umask 022:
 * - the data folder is 0700 and every file in it 0600 (the database with -wal and -shm, secret.key,
 *   initial-admin-key); a folder left looser by an earlier version is warned about, not changed;
 * - without a terminal the first admin key goes to <data dir>/initial-admin-key and the log
 *   names only the file; on a terminal (a pseudo-terminal from util-linux `script`) it is printed;
 * - FLOWCERTA_TRUST_PROXY reaches the server: two clients behind a trusted proxy are limited apart.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_AUTH_FAILURE_LIMITS } from '../../src/api/plugins/auth-failure-limiter.js'
import { CLI_PATH, type RunningProcess, startProcess } from '../helpers/run-cli.js'

const API_KEY = /fc_[0-9A-Za-z]{43}/g

let root: string
let dataDir: string
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-files-'))
  // Not created yet: `serve` creates it (and its parent `nested`).
  dataDir = path.join(root, 'nested', 'data')
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

function mode(file: string): string {
  return (fs.statSync(file).mode & 0o777).toString(8).padStart(3, '0')
}

/** `flowcerta serve` under umask 022, stdout and stderr pipes (no terminal). */
function serveUnderUmask022(env: Record<string, string> = {}): RunningProcess {
  return startProcess('sh', ['-c', `umask 022 && exec "${process.execPath}" "${CLI_PATH}" serve`], {
    FLOWCERTA_DATA_DIR: dataDir,
    FLOWCERTA_PORT: '0',
    FLOWCERTA_DATABASE_URL: '',
    FLOWCERTA_SECRET_KEY: '',
    ...env,
  })
}

async function startedAddress(server: RunningProcess): Promise<string> {
  const match = await server.waitFor(/"address":"(http:\/\/127\.0\.0\.1:\d+)"/, 60_000)
  return match[1] as string
}

function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('first start without a terminal, under umask 022', { timeout: 120_000 }, () => {
  it('makes the data folder 0700 and its files 0600, writes the key to a file and logs only the path', async () => {
    expect(execFileSync('sh', ['-c', 'umask 022 && umask'], { encoding: 'utf8' }).trim()).toBe('0022')
    const server = serveUnderUmask022({ FLOWCERTA_TRUST_PROXY: '127.0.0.1' })
    try {
      const address = await startedAddress(server)
      const keyFile = path.join(dataDir, 'initial-admin-key')

      expect(mode(dataDir)).toBe('700')
      expect(mode(path.dirname(dataDir))).toBe('700') // a parent we created
      for (const name of [
        'flowcerta.db',
        'flowcerta.db-wal',
        'flowcerta.db-shm',
        'secret.key',
        'initial-admin-key',
      ]) {
        expect(mode(path.join(dataDir, name)), name).toBe('600')
      }

      const fileText = fs.readFileSync(keyFile, 'utf8')
      expect(fileText).toMatch(/^fc_[0-9A-Za-z]{43}\n$/)
      const apiKey = fileText.trim()
      const me = await fetch(`${address}/api/v1/me`, { headers: { authorization: `Bearer ${apiKey}` } })
      expect(me.status).toBe(200)
      expect(await me.json()).toMatchObject({ orgName: 'default', role: 'admin' })

      // Neither stream carries the key (stderr and stdout are both in output()); the log names the file.
      expect(server.output()).not.toContain(apiKey)
      expect(server.output().match(API_KEY)).toBeNull()
      const handover = logLines(server.output()).find((line) => line.path === keyFile)
      expect(handover?.msg).toMatch(/first admin API key .* is in this file/)
      expect(logLines(server.output()).some((line) => String(line.msg).includes('readable by other'))).toBe(
        false,
      )

      // FLOWCERTA_TRUST_PROXY=127.0.0.1: the test is the proxy, each X-Forwarded-For a client.
      const asClient = (client: string, key: string) =>
        fetch(`${address}/api/v1/me`, {
          headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client },
        })
      for (let i = 0; i < DEFAULT_AUTH_FAILURE_LIMITS.maxFailures; i++) {
        expect((await asClient('198.51.100.1', 'fc_wrong')).status).toBe(401)
      }
      expect((await asClient('198.51.100.1', apiKey)).status).toBe(429)
      expect((await asClient('198.51.100.2', apiKey)).status).toBe(200)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('a second start writes no key; looser modes left by an earlier version are warned about, not changed', async () => {
    const first = serveUnderUmask022()
    try {
      await startedAddress(first)
    } finally {
      await first.stop()
    }
    const keyFile = path.join(dataDir, 'initial-admin-key')
    const firstKey = fs.readFileSync(keyFile, 'utf8')
    // What the previous version left behind under umask 022.
    fs.chmodSync(dataDir, 0o755)
    fs.chmodSync(path.join(dataDir, 'flowcerta.db'), 0o644)
    fs.chmodSync(path.join(dataDir, 'secret.key'), 0o640)

    const second = serveUnderUmask022()
    try {
      await startedAddress(second)
      const warnings = logLines(second.output()).filter((line) => line.level === 40)
      expect(warnings.map((line) => [line.path, line.mode, line.fix])).toEqual([
        [dataDir, '0755', `chmod 700 ${dataDir}`],
        [path.join(dataDir, 'secret.key'), '0640', `chmod 600 ${path.join(dataDir, 'secret.key')}`],
        // SQLite gives -wal and -shm the database file's mode.
        ...['flowcerta.db', 'flowcerta.db-wal', 'flowcerta.db-shm'].map((name) => {
          const file = path.join(dataDir, name)
          return [file, '0644', `chmod 600 ${file}`]
        }),
      ])
      expect(second.output().match(API_KEY)).toBeNull()
      expect(fs.readFileSync(keyFile, 'utf8')).toBe(firstKey)
      expect(mode(dataDir)).toBe('755')
      expect(mode(path.join(dataDir, 'flowcerta.db'))).toBe('644')
    } finally {
      expect(await second.stop()).toBe(0)
    }
  })
})

describe('first start on a terminal', { timeout: 120_000 }, () => {
  it('prints the key with a curl line, as before, and writes no key file', async () => {
    // `script` runs the command on a pseudo-terminal, so its stdout is a TTY.
    const command = `umask 022 && exec "${process.execPath}" "${CLI_PATH}" serve`
    const server = startProcess('script', ['-qfec', `sh -c '${command}'`, '/dev/null'], {
      FLOWCERTA_DATA_DIR: dataDir,
      FLOWCERTA_PORT: '0',
      FLOWCERTA_DATABASE_URL: '',
      FLOWCERTA_SECRET_KEY: '',
    })
    try {
      const [, apiKey] = await server.waitFor(/shown only this once:\s+(fc_[0-9A-Za-z]{43})/, 60_000)
      const address = await startedAddress(server)
      expect(server.output()).toContain(`curl -H "Authorization: Bearer ${apiKey}" ${address}/api/v1/me`)
      const me = await fetch(`${address}/api/v1/me`, { headers: { authorization: `Bearer ${apiKey}` } })
      expect(me.status).toBe(200)
      expect(fs.existsSync(path.join(dataDir, 'initial-admin-key'))).toBe(false)
      expect(mode(path.join(dataDir, 'flowcerta.db'))).toBe('600')
    } finally {
      // `script` ends the server when it is told to stop (the exit code is script's own).
      await server.stop()
    }
  })
})
