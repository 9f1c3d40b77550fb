import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli, startProcess } from '../helpers/run-cli.js'

let dataDir: string
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-cli-'))
})
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }))

/** The address from the JSON 'flowcerta started' log line. */
async function startedAddress(
  output: () => string,
  waitFor: (p: RegExp) => Promise<RegExpMatchArray>,
): Promise<string> {
  const match = await waitFor(/"address":"(http:\/\/127\.0\.0\.1:\d+)"/)
  void output
  return match[1] as string
}

describe('npm start (spawned) on an empty data dir', () => {
  it('migrates, writes an admin key once (stdout is no terminal) that works on /api/v1/me, answers /healthz; a restart makes no key', async () => {
    const env = { FLOWCERTA_DATA_DIR: dataDir, FLOWCERTA_PORT: '0', FLOWCERTA_DATABASE_URL: '' }
    const keyFile = path.join(dataDir, 'initial-admin-key')
    const first = startProcess('npm', ['start', '--silent'], env)
    let apiKey = ''
    try {
      const address = await startedAddress(first.output, first.waitFor)
      apiKey = fs.readFileSync(keyFile, 'utf8').trim()
      expect(apiKey).toMatch(/^fc_[0-9A-Za-z]{43}$/)
      const health = await fetch(`${address}/healthz`)
      expect(health.status).toBe(200)
      const me = await fetch(`${address}/api/v1/me`, { headers: { authorization: `Bearer ${apiKey}` } })
      expect(me.status).toBe(200)
      expect(await me.json()).toMatchObject({ orgName: 'default', role: 'admin' })
      expect(first.output()).not.toMatch(/fc_[0-9A-Za-z]{43}/)
      expect(first.output()).toContain(`"path":"${keyFile}"`)
      expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600)
    } finally {
      // SIGTERM goes to the process group (npm does not forward it); the server shuts down gracefully.
      await first.stop()
    }
    await first.waitFor(/"msg":"flowcerta stopped"/, 10_000)
    fs.rmSync(keyFile) // as the README asks, once the key is stored elsewhere

    const second = startProcess('npm', ['start', '--silent'], env)
    try {
      await startedAddress(second.output, second.waitFor)
      expect(second.output()).not.toMatch(/fc_[0-9A-Za-z]{43}/)
      expect(second.output()).not.toContain('API key')
      expect(fs.existsSync(keyFile)).toBe(false)
    } finally {
      await second.stop()
    }
  }, 180_000)
})

// Spawned processes are slow on a loaded 2-core machine; give each test room.
describe('flowcerta CLI', { timeout: 120_000 }, () => {
  it('--help works on every command', async () => {
    for (const args of [[], ['serve'], ['migrate'], ['org'], ['org', 'create'], ['key'], ['key', 'create']]) {
      const res = await runCli([...args, '--help'])
      expect(res.code, args.join(' ')).toBe(0)
      expect(res.stdout).toContain('Usage: flowcerta')
    }
  })

  it('migrate, org create --json, key create --json: keys that work, printed once', async () => {
    const env = { FLOWCERTA_DATA_DIR: dataDir, FLOWCERTA_DATABASE_URL: '' }
    const migrated = await runCli(['migrate'], env)
    expect(migrated.code).toBe(0)
    expect(migrated.stdout).toMatch(/Applied: 001-/)
    expect((await runCli(['migrate'], env)).stdout).toContain('up to date')

    const org = await runCli(
      ['org', 'create', '--name', 'Acme', '--admin-email', 'ops@acme.test', '--json'],
      env,
    )
    expect(org.code).toBe(0)
    const created = JSON.parse(org.stdout)
    expect(Object.keys(created).sort()).toEqual(['apiKey', 'orgId'])
    expect(created.apiKey).toMatch(/^fc_[0-9A-Za-z]{43}$/)

    const key = await runCli(
      ['key', 'create', '--org', created.orgId, '--email', 'dev@acme.test', '--role', 'member', '--json'],
      env,
    )
    expect(key.code).toBe(0)
    expect(JSON.parse(key.stdout)).toMatchObject({
      orgId: created.orgId,
      email: 'dev@acme.test',
      role: 'member',
    })

    const text = await runCli(['org', 'create', '--name', 'Beta', '--admin-email', 'a@beta.test'], env)
    expect(text.stdout).toMatch(/shown only this once\):\n {2}fc_[0-9A-Za-z]{43}\n/)

    const list = await runCli(['org', 'list', '--json'], env)
    expect(
      JSON.parse(list.stdout)
        .map((o: { name: string }) => o.name)
        .sort(),
    ).toEqual(['Acme', 'Beta'])
  })

  it.each([
    [['serve', '--role', 'everything'], /--role must be one of/],
    [['key', 'create', '--org', 'nope', '--email', 'a@b.c', '--role', 'member'], /no org with id/],
    [['key', 'create', '--org', 'x', '--email', 'a@b.c', '--role', 'owner'], /--role must be one of/],
    [['org', 'create', '--name', 'x'], /required option/],
    [['frobnicate'], /unknown command/],
  ])('usage errors exit 2 with a message: %s', async (args, message) => {
    const res = await runCli(args, { FLOWCERTA_DATA_DIR: dataDir, FLOWCERTA_DATABASE_URL: '' })
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(message)
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })

  it.each([
    ['FLOWCERTA_PORT', 'eighty'],
    ['FLOWCERTA_LOG_LEVEL', 'chatty'],
    ['FLOWCERTA_SECRET_KEY', 'too-short'],
    ['FLOWCERTA_DATABASE_URL', 'mysql://root@localhost/x'],
  ])('bad config %s=%s → exit 2 naming the variable', async (variable, value) => {
    const res = await runCli(['serve'], {
      FLOWCERTA_DATA_DIR: dataDir,
      FLOWCERTA_PORT: '0',
      [variable]: value,
    })
    expect(res.code).toBe(2)
    expect(res.stderr).toContain(variable)
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })

  // Issue 10, item 10: `serve --port 99999` blamed FLOWCERTA_PORT.
  it.each([
    ['serve', '--port', 'FLOWCERTA_PORT', '99999'],
    ['serve', '--host', 'FLOWCERTA_HOST', 'bad host!'],
    ['serve', '--data-dir', 'FLOWCERTA_DATA_DIR', '/dev/null'],
    ['serve', '--log-level', 'FLOWCERTA_LOG_LEVEL', 'chatty'],
    ['serve', '--public-url', 'FLOWCERTA_PUBLIC_URL', 'ftp://x'],
    ['serve', '--database-url', 'FLOWCERTA_DATABASE_URL', 'mysql://root@localhost/x'],
    ['migrate', '--database-url', 'FLOWCERTA_DATABASE_URL', 'mysql://root@localhost/x'],
    ['org', '--log-level', 'FLOWCERTA_LOG_LEVEL', 'chatty'],
  ])('%s: a bad %s names the flag, a bad %s the variable', async (command, flag, variable, bad) => {
    const args = command === 'org' ? ['org', 'list'] : [command]
    const env = { FLOWCERTA_DATA_DIR: dataDir, FLOWCERTA_PORT: '0', FLOWCERTA_DATABASE_URL: '' }
    const byFlag = await runCli([...args, flag, bad], env)
    expect(byFlag.code).toBe(2)
    expect(byFlag.stderr).toContain(`configuration error: ${flag}: `)
    expect(byFlag.stderr).not.toContain(variable)
    const byVariable = await runCli(args, { ...env, [variable]: bad })
    expect(byVariable.code).toBe(2)
    expect(byVariable.stderr).toContain(`configuration error: ${variable}: `)
  })
})
