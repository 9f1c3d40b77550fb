/**
 * docs/ci.md stays true: every command marked `# ci-run` in its pipeline examples is taken from
 * the Markdown and run as written (through bash, `flowcerta` being the built CLI) against a real
 * local Flowcerta server, with the variables the CI systems set. Each must exit 0 and leave what
 * the pipeline uses next (the SARIF or JSON report, the stored, labelled result).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { copyTree } from '../helpers/copy-tree.js'
import { CLI_PATH, PROJECT_ROOT } from '../helpers/run-cli.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

const DOC = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/ci.md'), 'utf8')

/** The command after each `# ci-run` marker, without its YAML wrapping (`run:`, `- script:`, `- `). */
function ciCommands(markdown: string): string[] {
  const lines = markdown.split('\n')
  const commands: string[] = []
  lines.forEach((line, index) => {
    if (line.trim() !== '# ci-run') return
    const next = lines[index + 1] ?? ''
    commands.push(
      next
        .trim()
        .replace(/^(- )?(run|script): /, '')
        .replace(/^- /, ''),
    )
  })
  return commands
}

describe('docs/ci.md', () => {
  it('marks the pipeline commands it claims are run (GitHub Actions, Azure DevOps, GitLab CI)', () => {
    const commands = ciCommands(DOC)
    expect(commands).toHaveLength(4)
    for (const command of commands) expect(command).toMatch(/^flowcerta validate MyProcess /)
  })
})

describe.each(testEngines())('docs/ci.md commands against a real server on %s', (engine) => {
  let t: TestApp
  let work: string
  let env: Record<string, string>

  beforeAll(async () => {
    t = await openTestApp(engine)
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const address = t.app.server.address()
    if (address === null || typeof address === 'string') throw new Error('no address')
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-ci-doc-'))
    copyTree(path.join(CORPUS_DIR, 'uipath-reframework-2019'), path.join(work, 'MyProcess'))
    const bin = path.join(work, 'bin')
    fs.mkdirSync(bin)
    fs.writeFileSync(
      path.join(bin, 'flowcerta'),
      `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`,
      { mode: 0o755 },
    )
    env = {
      ...(process.env as Record<string, string>),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      FLOWCERTA_URL: `http://127.0.0.1:${address.port}`,
      FLOWCERTA_API_KEY: t.orgA.memberKey,
      GITHUB_REF_NAME: 'main',
      BUILD_SOURCEBRANCHNAME: 'main',
      CI_COMMIT_REF_NAME: 'feature-x',
    }
  })
  afterAll(async () => {
    await t.close()
    fs.rmSync(work, { recursive: true, force: true })
  })

  /** Runs through bash without blocking: the server answering it lives in this process. */
  function bash(command: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', command], { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk) => {
        stderr += chunk
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code, stderr })
      })
    })
  }

  it('every marked command runs as written and exits 0', async () => {
    for (const command of ciCommands(DOC)) {
      const run = await bash(command)
      expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: 0, stderr: '' })
    }
    const sarif = JSON.parse(fs.readFileSync(path.join(work, 'flowcerta.sarif'), 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
    expect(JSON.parse(fs.readFileSync(path.join(work, 'flowcerta.json'), 'utf8')).results).toHaveLength(1)
    const stored = (await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/results' })).json()
    expect(stored.items.map((item: { label: string }) => item.label).sort()).toEqual([
      'feature-x',
      'main',
      'main',
    ])
  })
})
