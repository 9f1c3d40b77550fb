/**
 * docs/operations.md is true of the code and its files work:
 * - the alert rules load into a real Prometheus rule check (`promtool check rules`) and fire as
 *   their unit tests say (`promtool test rules`); every metric they and the doc name is exposed
 *   by a running Flowcerta (role all; the backlog gauges by role api too);
 * - the systemd unit passes `systemd-analyze verify` with nothing to say;
 * - every `flowcerta …` command of the doc exists with the flags it is given (`--help` of the
 *   built CLI), every FLOWCERTA_* variable is a setting, every span name is one the code makes,
 *   every linked file exists;
 * - the doc's SQLite online backup, run against a running server's database, gives a copy that a
 *   new server starts on with the same org and an intact audit chain.
 * promtool comes from Debian's `prometheus` package, sqlite3 and systemd-analyze from theirs
 * (.ci/run installs them); outside CI a missing tool skips its check with a notice.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/config.js'
import { CONFIG_SETTINGS } from '../../src/config/config-settings.js'
import { createLogger } from '../../src/logging/create-logger.js'
import { type RunningFlowcerta, startFlowcerta } from '../../src/main.js'
import { EXPIRY_SCAN_JOB_NAME } from '../../src/risk-exceptions/expiry-scan.js'
import { listOrgs } from '../../src/store/orgs.js'
import { SPAN_NAMES } from '../../src/tracing/spans.js'
import { CLI_PATH, PROJECT_ROOT } from '../helpers/run-cli.js'

const DOC_PATH = path.join(PROJECT_ROOT, 'docs/operations.md')
/** The doc without the places the lead fills in later (they name settings not built yet). */
const DOC = readFileSync(DOC_PATH, 'utf8').replace(/\*\*\[lead:[\s\S]*?\]\*\*/g, '')
const RULES = path.join(PROJECT_ROOT, 'docs/operations/prometheus-alerts.yml')
const RULE_TESTS = path.join(PROJECT_ROOT, 'docs/operations/prometheus-alerts.test.yml')
const UNIT = path.join(PROJECT_ROOT, 'docs/operations/flowcerta@.service')

const work = mkdtempSync(path.join(tmpdir(), 'flowcerta-ops-doc-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Whether a system tool is there; in CI a missing one fails (CI installs it), elsewhere it skips. */
function hasTool(tool: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
  if (!found && process.env.CI === 'true') throw new Error(`${tool} is missing: .ci/run installs it`)
  if (!found)
    console.warn(`[flowcerta] ${tool} not installed: its check in operations-doc.test.ts is skipped`)
  return found
}

/** The fenced `sh` blocks of the doc, line by line, continuation lines joined. */
function shellLines(): string[] {
  const blocks = [...DOC.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
}

/** Metric names in the rules' expressions (histogram series mapped to their metric). */
function ruleMetricNames(): string[] {
  const exprs = [...readFileSync(RULES, 'utf8').matchAll(/expr: \|?\n?([\s\S]*?)\n\s+(?:for|labels):/g)]
    .map((m) => m[1]!)
    .join('\n')
  const names = [...exprs.matchAll(/\b(flowcerta_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_bucket$/, ''))
  return [...new Set(names)].sort()
}

async function startOnSqlite(dataDir: string, role: 'all' | 'api'): Promise<RunningFlowcerta> {
  const config = loadConfig({
    FLOWCERTA_DATA_DIR: dataDir,
    FLOWCERTA_PORT: '0',
    FLOWCERTA_ANALYSIS_THREADS: '0',
  })
  return startFlowcerta({ config, role, logger: createLogger('silent'), firstKeyToTerminal: false })
}

async function metricTypes(running: RunningFlowcerta): Promise<string[]> {
  const text = await (await fetch(`${running.address}/metrics`)).text()
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!)
}

describe('docs/operations.md and docs/operations/', () => {
  it('the alert rules pass promtool check rules and their unit tests', () => {
    if (!hasTool('promtool')) return
    const check = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' })
    expect(check.status, check.stdout + check.stderr).toBe(0)
    expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/)
    const tests = spawnSync('promtool', ['test', 'rules', RULE_TESTS], { encoding: 'utf8' })
    expect(tests.status, tests.stdout + tests.stderr).toBe(0)
    expect(tests.stdout).toContain('SUCCESS')
    // The doc shows both commands.
    expect(DOC).toContain('promtool check rules docs/operations/prometheus-alerts.yml')
    expect(DOC).toContain('promtool test rules docs/operations/prometheus-alerts.test.yml')
  })

  it('every metric of the rules and of the doc is exposed (role all; the backlog gauges by role api too)', async () => {
    const inRules = ruleMetricNames()
    expect(inRules.length).toBeGreaterThan(5)
    const inDoc = [...DOC.matchAll(/`(flowcerta_[a-z0-9_]+)/g)].map((m) => m[1]!)
    const all = await startOnSqlite(path.join(work, 'metrics-all'), 'all')
    try {
      const exposed = await metricTypes(all)
      for (const name of [...inRules, ...inDoc]) expect(exposed, name).toContain(name)
    } finally {
      await all.stop()
    }
    const api = await startOnSqlite(path.join(work, 'metrics-api'), 'api')
    try {
      const exposed = await metricTypes(api)
      for (const name of ['flowcerta_webhook_due_backlog', 'flowcerta_webhook_oldest_due_age_seconds']) {
        expect(exposed, name).toContain(name)
      }
    } finally {
      await api.stop()
    }
  })

  it('the systemd unit passes systemd-analyze verify with nothing to say', () => {
    if (!hasTool('systemd-analyze')) return
    // verify needs a unit name with an instance for a template.
    const unit = path.join(work, 'flowcerta@main.service')
    copyFileSync(UNIT, unit)
    const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' })
    expect(verify.status, verify.stderr).toBe(0)
    // Unknown keys and bad values are only warnings (exit 0): there must be none.
    expect(verify.stderr.trim()).toBe('')
    expect(readFileSync(UNIT, 'utf8')).toMatch(/serve --role \$\{ROLE\}/)
  })

  it('every flowcerta command of the doc exists with the flags it is given', () => {
    const commands = shellLines()
      .map((line) => /(?:node dist\/cli\/index\.js|^flowcerta) ([^|;&#]*)/.exec(line)?.[1]?.trim())
      .filter((command): command is string => command !== undefined)
    for (const span of DOC.matchAll(/`flowcerta ([a-z][a-z -]*)`/g)) commands.push(span[1]!.trim())
    expect(commands.length).toBeGreaterThan(8)
    const helpOf = new Map<string, string>()
    for (const command of commands) {
      const words = command.split(/\s+/)
      const path = words.filter(
        (word, i) => !word.startsWith('-') && words.slice(0, i).every((w) => !w.startsWith('-')),
      )
      const key = path.join(' ')
      if (!helpOf.has(key)) {
        helpOf.set(key, execFileSync(process.execPath, [CLI_PATH, ...path, '--help'], { encoding: 'utf8' }))
      }
      const help = helpOf.get(key)!
      // A sub-command path that does not exist prints its parent's help, without "Usage: flowcerta <path>".
      expect(help, command).toContain(`Usage: flowcerta ${key}`)
      for (const flag of words.filter((word) => word.startsWith('--'))) {
        expect(help, `${command}: ${flag}`).toContain(flag.split('=')[0])
      }
    }
  })

  it('every FLOWCERTA_* variable is a setting, every span name one the code makes, every linked file exists', () => {
    const settings = new Set(Object.values(CONFIG_SETTINGS).map((row) => row.variable))
    const named = new Set([...DOC.matchAll(/\b(FLOWCERTA_[A-Z0-9_]+)\b/g)].map((m) => m[1]!))
    expect(named.size).toBeGreaterThan(10)
    for (const variable of named) expect(settings, variable).toContain(variable)

    const spanRows = [...DOC.matchAll(/^\| `(flowcerta\.[a-z.]+(?: [a-z-]+)?)` \|/gm)].map((m) => m[1]!)
    const spanNames = Object.values(SPAN_NAMES).filter((name) => name !== SPAN_NAMES.job)
    expect(spanRows.sort()).toEqual([...spanNames, `${SPAN_NAMES.job} ${EXPIRY_SCAN_JOB_NAME}`].sort())

    for (const link of DOC.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)) {
      expect(existsSync(path.resolve(path.dirname(DOC_PATH), link[1]!)), link[1]).toBe(true)
    }
  })

  it("the doc's SQLite online backup of a running server restores into a working server", async () => {
    if (!hasTool('sqlite3')) return
    const backupLine = shellLines().find((line) => line.startsWith('sqlite3 ') && line.includes('.backup'))
    const checkLine = shellLines().find((line) => line.includes('PRAGMA integrity_check'))
    expect(backupLine).toBeDefined()
    expect(checkLine).toBeDefined()
    const liveDir = path.join(work, 'live')
    const restoredDir = path.join(work, 'restored')
    const backups = path.join(work, 'backups')
    mkdirSync(backups)
    const live = await startOnSqlite(liveDir, 'all')
    let orgIds: string[]
    try {
      orgIds = (await listOrgs(live.store.db)).map((org) => org.id)
      expect(orgIds).toHaveLength(1)
      // The doc's commands, with this test's folders for /var/lib/flowcerta and /backups.
      const local = (line: string) =>
        line.replaceAll('/var/lib/flowcerta', liveDir).replaceAll('/backups', backups)
      execFileSync('sh', ['-c', local(backupLine!)])
      expect(execFileSync('sh', ['-c', local(checkLine!)], { encoding: 'utf8' }).trim()).toBe('ok')
    } finally {
      await live.stop()
    }
    mkdirSync(restoredDir, { mode: 0o700 })
    copyFileSync(path.join(backups, 'flowcerta.db'), path.join(restoredDir, 'flowcerta.db'))
    copyFileSync(path.join(liveDir, 'secret.key'), path.join(restoredDir, 'secret.key'))
    const restored = await startOnSqlite(restoredDir, 'all')
    try {
      expect((await listOrgs(restored.store.db)).map((org) => org.id)).toEqual(orgIds)
      expect((await fetch(`${restored.address}/readyz`)).status).toBe(200)
    } finally {
      await restored.stop()
    }
    const verify = spawnSync(process.execPath, [CLI_PATH, 'audit', 'verify', '--data-dir', restoredDir], {
      encoding: 'utf8',
    })
    expect(verify.status, verify.stderr).toBe(0)
    expect(verify.stdout).toContain('intact')
  })
})
