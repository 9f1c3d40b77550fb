/**
 * End-to-end tests of `flowcerta validate`: spawn the built CLI (dist/cli/index.js) on real files
 * and check exit codes, the text report, the JSON shape and SARIF validity.
 *
 * Expected scores and findings are not hard-coded: each fixture is also analysed in-process with
 * `analyzeWorkflow` (same content, same fileName and project-relative path as the CLI uses, same
 * pack), and the CLI output must equal that. So adding or tuning rules does not break these tests,
 * while a CLI that reads, names, routes or reports files wrongly still does. The fixtures are
 * crafted so that only the intended rules fire (see the "fixtures" block); that is checked
 * separately, so a new rule flagging a fixture fails there with a clear message, not here.
 *
 * The CLI under test is dist/: `npm test` builds it (`pretest`); when running Vitest directly,
 * run `npm run build` first, and again after changing src/ (dist/ and src/ must agree).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnalysisResult, analyzeWorkflow } from '../../src/analysis/analyze.js'
import { DEFAULT_POLICY_PACK_SLUG } from '../../src/analysis/packs/policy-packs.js'
import { wrapWorkflow } from '../../src/analysis/rules/rule-test-kit.js'
import { sarifSchemaErrors } from '../fixtures/sarif/validate-sarif.js'

const ROOT = resolve(import.meta.dirname, '../..')
const CLI = join(ROOT, 'dist/cli/index.js')
const STALE_HINT = 'the CLI (dist/) disagrees with analyzeWorkflow (src/): is dist/ stale? run npm run build'

interface Run {
  status: number | null
  stdout: string
  stderr: string
}
function validate(cwd: string, ...args: string[]): Run {
  const run = spawnSync(process.execPath, [CLI, 'validate', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** A workflow file written under the temporary folder (the CLI's cwd). */
interface Fixture {
  /** Path relative to the cwd: the CLI's `fileName`. */
  readonly file: string
  /** Path relative to the project root (folder with project.json), else to the argument's folder. */
  readonly relativePath: string
  readonly content: string
}

/** An annotated, named main Sequence: FC-UIP-DOC-001 and FC-UIP-NMG-007 stay quiet. */
const annotated = (name: string, body: string) =>
  wrapWorkflow(
    `<Sequence DisplayName="${name}" sap2010:Annotation.AnnotationText="Fixture of the validate command tests.">${body}\n</Sequence>`,
  )
const logStep = (what: string) =>
  `\n  <ui:LogMessage DisplayName="Log ${what}" Level="Info" Message="[&quot;${what}&quot;]" />`
/** A TryCatch whose catch handler is empty: one FC-UIP-ERR-001 (high), nothing else. */
const emptyCatch = (n: number) => `
  <TryCatch DisplayName="Try step ${n}">
    <TryCatch.Try>
      <ui:LogMessage DisplayName="Log step ${n}" Level="Info" Message="[&quot;step ${n}&quot;]" />
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception" />
      </Catch>
    </TryCatch.Catches>
  </TryCatch>`

/** A clean workflow: no finding, score 100. */
const CLEAN: Fixture = {
  file: 'project/Clean.xaml',
  relativePath: 'Clean.xaml',
  content: annotated('Say hello', logStep('hello')),
}
/**
 * A REFramework state machine that lost its End Process state: the Main.xaml-only framework rules
 * fire, which they do only when the CLI resolves the path against the project root
 * (project/Main.xaml → Main.xaml). (A lone Main.xaml that is a plain Sequence is no REFramework and
 * gets no framework finding at all.)
 */
const MAIN: Fixture = {
  file: 'project/Main.xaml',
  relativePath: 'Main.xaml',
  content: wrapWorkflow(
    `<StateMachine DisplayName="Run the process" sap2010:Annotation.AnnotationText="Fixture of the validate command tests." InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="Initialization" />
  <State x:Name="__ReferenceID1" DisplayName="Get Transaction Data" />
  <State x:Name="__ReferenceID2" DisplayName="Process Transaction" />
</StateMachine>`,
  ),
}
/** In a subfolder (recursive search); a WriteLine: one FC-UIP-LOG-002 (low) at 2:3. */
const PROCESS: Fixture = {
  file: 'project/Framework/Process.xaml',
  relativePath: 'Framework/Process.xaml',
  content: annotated('Process', '\n  <WriteLine DisplayName="Write debug line" Text="debug" />'),
}
/** `validate project` lists these in this order (paths sorted). */
const PROJECT = [CLEAN, PROCESS, MAIN] as const
/** Six empty catches: 6 × FC-UIP-ERR-001 (high), below the pass threshold. */
const FAILING: Fixture = {
  file: 'Failing.xaml',
  relativePath: 'Failing.xaml',
  content: annotated('Process invoices', [1, 2, 3, 4, 5, 6].map(emptyCatch).join('')),
}
/** Twelve files with one empty catch each: still passing. No project.json: relative to many/. */
const MANY: Fixture[] = Array.from({ length: 12 }, (_, i) => {
  const name = `Flow${String(i).padStart(2, '0')}.xaml`
  return { file: `many/${name}`, relativePath: name, content: annotated(`Flow ${i}`, emptyCatch(i)) }
})

/** What the CLI must report for a fixture: the in-process analysis, as JSON would carry it. */
function expected(fixture: Fixture, packSlug = DEFAULT_POLICY_PACK_SLUG): AnalysisResult {
  const result = analyzeWorkflow({
    content: Buffer.from(fixture.content, 'utf8'),
    fileName: fixture.file,
    relativePath: fixture.relativePath,
    packSlug,
  })
  return JSON.parse(JSON.stringify(result)) as AnalysisResult
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const ruleIds = (result: AnalysisResult) => result.findings.map((finding) => finding.ruleId)

let dir: string

beforeAll(() => {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run npm run build first (npm test builds it through pretest)`)
  }
  dir = mkdtempSync(join(tmpdir(), 'flowcerta-validate-'))
  mkdirSync(join(dir, 'project', 'Framework'), { recursive: true })
  mkdirSync(join(dir, 'many'))
  mkdirSync(join(dir, 'empty'))
  writeFileSync(join(dir, 'project', 'project.json'), '{"name":"Test"}')
  for (const fixture of [...PROJECT, FAILING, ...MANY])
    writeFileSync(join(dir, fixture.file), fixture.content)
  writeFileSync(
    join(dir, 'Broken.xaml'),
    '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities">\n<Sequence>\n',
  )
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('fixtures (in-process): only the intended rules fire', () => {
  it('the clean workflow has no finding and scores 100', () => {
    const result = expected(CLEAN)
    expect(ruleIds(result), 'a rule now flags the clean fixture: adjust the fixture').toEqual([])
    expect(result.score).toBe(100)
    expect(result.passed).toBe(true)
  })

  it('Main.xaml draws the REFramework rules only through its project-relative path', () => {
    const asMain = expected(MAIN)
    expect(ruleIds(asMain)).toContain('FC-UIP-FRW-001')
    expect(asMain.passed).toBe(true)
    // The same file outside a project root is not Main.xaml to the rules.
    expect(ruleIds(expected({ ...MAIN, relativePath: MAIN.file }))).not.toContain('FC-UIP-FRW-001')
  })

  it('the Framework workflow has one low FC-UIP-LOG-002 at 2:3', () => {
    const result = expected(PROCESS)
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId}`)).toEqual([
      '2:3 low FC-UIP-LOG-002',
    ])
  })

  it('the failing workflow has six high FC-UIP-ERR-001 and fails both the blocking and the advisory pack', () => {
    const blocking = expected(FAILING)
    expect(ruleIds(blocking)).toEqual(Array(6).fill('FC-UIP-ERR-001'))
    expect(blocking).toMatchObject({ passed: false, enforcementMode: 'blocking' })
    expect(expected(FAILING, 'uipath-general')).toMatchObject({ passed: false, enforcementMode: 'advisory' })
  })

  it('each of the many workflows has one FC-UIP-ERR-001 and passes', () => {
    for (const fixture of MANY) {
      const result = expected(fixture)
      expect(ruleIds(result)).toEqual(['FC-UIP-ERR-001'])
      expect(result.passed).toBe(true)
    }
  })
})

// Each test spawns the CLI several times (about 1 s each, more on a loaded machine).
describe('flowcerta validate', { timeout: 120_000 }, () => {
  it('exits 0 and prints a readable report for passing files (folders searched recursively)', () => {
    const results = PROJECT.map((fixture) => expected(fixture))
    for (const result of results) expect(result.passed, `${result.fileName} must pass`).toBe(true)

    // A folder with project.json is one project by default; --no-project checks its files one by one.
    const run = validate(dir, 'project', '--no-project')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    for (const result of results) {
      expect(run.stdout, STALE_HINT).toContain(
        `${result.fileName}  PASS  score ${result.score}/100  (${result.policyPackSlug}, ${result.enforcementMode})`,
      )
      for (const finding of result.findings) {
        expect(run.stdout, STALE_HINT).toMatch(
          new RegExp(
            `^ {2}${finding.line}:${finding.column} +${finding.severity} +${escapeRegExp(finding.ruleId)} {2}`,
            'm',
          ),
        )
      }
    }
    const findingLines = run.stdout.split('\n').filter((line) => /^ {2}\d+:\d+ /.test(line))
    expect(findingLines).toHaveLength(results.reduce((sum, r) => sum + r.findings.length, 0))
    const sum = (key: 'critical' | 'high' | 'medium' | 'low' | 'total') =>
      results.reduce((total, r) => total + r.summary[key], 0)
    expect(run.stdout).toContain(
      `3 files: 3 passed, 0 failed — ${sum('total')} finding${sum('total') === 1 ? '' : 's'} (${sum(
        'critical',
      )} critical, ${sum('high')} high, ${sum('medium')} medium, ${sum('low')} low)`,
    )
  })

  it('exits 1 when a blocking pack fails (default --fail-on blocking)', () => {
    const failing = expected(FAILING)
    expect(failing.passed).toBe(false)
    const run = validate(dir, 'Failing.xaml')
    expect(run.status).toBe(1)
    expect(run.stdout, STALE_HINT).toContain(`Failing.xaml  FAIL  score ${failing.score}/100`)
  })

  it('--fail-on decides which failures count; an advisory pack does not block by default', () => {
    // Precondition (see the fixtures block): Failing.xaml fails the advisory pack too.
    expect(expected(FAILING, 'uipath-general')).toMatchObject({ passed: false, enforcementMode: 'advisory' })
    expect(validate(dir, 'Failing.xaml', '--pack', 'uipath-general').status).toBe(0)
    expect(validate(dir, 'Failing.xaml', '--pack', 'uipath-general', '--fail-on', 'any').status).toBe(1)
    expect(validate(dir, 'Failing.xaml', '--fail-on', 'never').status).toBe(0)
  })

  it('a file that is not well-formed is a failing input: listed in errors, exit 1 (0 with --fail-on never)', () => {
    const run = validate(dir, 'Broken.xaml', 'project', '--format', 'json')
    expect(run.status).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.results, STALE_HINT).toEqual(PROJECT.map((fixture) => expected(fixture)))
    expect(report.errors).toEqual([
      {
        fileName: 'Broken.xaml',
        code: 'XAML_PARSE_ERROR',
        message: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
      },
    ])
    expect(validate(dir, 'Broken.xaml', '--fail-on', 'never').status).toBe(0)
  })

  it('exits 2 on usage errors and unreadable input', () => {
    const missing = validate(dir, 'nope.xaml')
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('no such file or folder: nope.xaml')
    const pack = validate(dir, 'project', '--pack', 'nope')
    expect(pack.status).toBe(2)
    expect(pack.stderr).toContain('unknown policy pack "nope"')
    expect(validate(dir, 'project', '--format', 'xml').status).toBe(2)
    expect(validate(dir, 'project', '--fail-on', 'sometimes').status).toBe(2)
    expect(validate(dir, 'empty').status).toBe(2)
    expect(validate(dir).status).toBe(2)
  })

  it('--format json gives the result objects with the spec fields', () => {
    const failing = expected(FAILING)
    const first = failing.findings[0]!
    const run = validate(dir, 'Failing.xaml', '--format', 'json')
    expect(run.status).toBe(1)
    const { results, errors } = JSON.parse(run.stdout)
    expect(errors).toEqual([])
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({
      platform: 'uipath',
      fileName: 'Failing.xaml',
      passed: false,
      score: failing.score,
      enforcementMode: 'blocking',
      policyPackSlug: DEFAULT_POLICY_PACK_SLUG,
      summary: failing.summary,
      ruleErrors: [],
    })
    expect(results[0].summary).toEqual({
      critical: expect.any(Number),
      high: expect.any(Number),
      medium: expect.any(Number),
      low: expect.any(Number),
      total: failing.findings.length,
    })
    expect(results[0].findings).toHaveLength(failing.findings.length)
    expect(results[0].findings[0]).toMatchObject({
      ruleId: first.ruleId,
      severity: first.severity,
      category: first.category,
      location: expect.stringMatching(/^Failing\.xaml:\d+$/),
      description: expect.any(String),
      line: expect.any(Number),
      column: expect.any(Number),
      activity: expect.any(String),
      recommendation: expect.any(String),
      docsUrl: expect.stringContaining(first.ruleId),
      waivedBy: null,
    })
    expect(results[0], STALE_HINT).toEqual(failing)
  })

  it('--format sarif --output writes a log valid against the SARIF 2.1.0 schema', () => {
    const analysed = [FAILING, ...PROJECT].map((fixture) => expected(fixture))
    const out = join(dir, 'report.sarif')
    const run = validate(dir, 'Failing.xaml', 'Broken.xaml', 'project', '--format', 'sarif', '--output', out)
    expect(run.stdout).toBe('')
    expect(run.status).toBe(1)
    const log = JSON.parse(readFileSync(out, 'utf8'))
    expect(sarifSchemaErrors(log)).toEqual([])
    const sarifResults: {
      ruleId: string
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[]
    }[] = log.runs[0].results
    expect(
      sarifResults.map((r) => r.ruleId),
      STALE_HINT,
    ).toEqual(analysed.flatMap(ruleIds))
    expect(sarifResults.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(
      analysed.flatMap((result) => result.findings.map(() => result.fileName)),
    )
    expect(sarifResults[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('Failing.xaml')
  })

  it('many files: the worker pool gives the same report as in-process', () => {
    const pooled = validate(dir, 'many', '--format', 'json', '--workers', '2')
    const inProcess = validate(dir, 'many', '--format', 'json', '--workers', '1')
    expect(pooled.stderr).toBe('')
    expect(pooled.status).toBe(0)
    expect(JSON.parse(pooled.stdout).results).toHaveLength(12)
    expect(pooled.stdout).toBe(inProcess.stdout)
    expect(JSON.parse(inProcess.stdout).results, STALE_HINT).toEqual(MANY.map((fixture) => expected(fixture)))
  })
})
