import { describe, expect, it } from 'vitest'
import { sarifSchemaErrors } from '../../../test/fixtures/sarif/validate-sarif.js'
import { type AnalysisResult, analyzeWorkflow } from '../analyze.js'
import { analyzeProject } from '../analyze-project.js'
import { analyzeBluePrismCorpusFile } from '../blue-prism/blue-prism-test-kit.js'
import { getPolicyPack } from '../packs/policy-packs.js'
import { wrapWorkflow } from '../rules/rule-test-kit.js'
import { formatJson } from './json-format.js'
import { formatSarif, toUriReference } from './sarif-format.js'
import { formatText } from './text-format.js'
import type { ValidationReport } from './validation-report.js'

const content = wrapWorkflow(`
<Sequence DisplayName="Main">
  <WriteLine DisplayName="Debug" Text="a" />
  <TryCatch DisplayName="Try">
    <TryCatch.Try>
      <ui:MessageBox Text="b" />
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception" />
      </Catch>
    </TryCatch.Catches>
  </TryCatch>
</Sequence>`)

// The baseline pack cut down to the two rules this workflow exercises: the formats are under
// test here, not the catalogue (the full rule set is covered by the SARIF catalogue test below).
const baseline = getPolicyPack('uipath-reframework-baseline')!
const pack = {
  ...baseline,
  rules: baseline.rules.filter((r) => ['FC-UIP-ERR-001', 'FC-UIP-LOG-002'].includes(r.rule.ruleId)),
}
const report: ValidationReport = {
  results: [
    analyzeWorkflow({
      content,
      fileName: 'My Project/Main.xaml',
      pack,
      isWaived: (f) => (f.line === 5 ? 'exc-1' : null),
    }),
    analyzeWorkflow({ content: wrapWorkflow('<Sequence />'), fileName: 'Clean.xaml', pack }),
  ],
  errors: [
    { fileName: 'Broken.xaml', code: 'XAML_PARSE_ERROR', message: 'unclosed tag', line: 3, column: 7 },
  ],
  rules: pack.rules,
}

describe('text format', () => {
  it('lists each file with verdict, score and findings, then a summary (no colour)', () => {
    const text = formatText(report, { color: false })
    expect(text).not.toContain('\u001b[')
    expect(text).toContain(
      'My Project/Main.xaml  PASS  score 93/100  (uipath-reframework-baseline, blocking)',
    )
    expect(text).toMatch(/ 8:7 +high +FC-UIP-ERR-001 +Empty catch block/)
    expect(text).toContain('[waived by exc-1]')
    expect(text).toContain('Clean.xaml  PASS  score 100/100')
    expect(text).toContain('Broken.xaml  ERROR  XAML_PARSE_ERROR at 3:7: unclosed tag')
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '3 files: 2 passed, 0 failed, 1 unreadable — 2 findings (0 critical, 1 high, 0 medium, 1 low, 1 waived)',
    )
  })

  it('uses ANSI colour when asked', () => {
    expect(formatText(report, { color: true })).toContain('\u001b[31m')
  })
})

describe('json format', () => {
  it('is { results, errors } with the spec field names', () => {
    const parsed = JSON.parse(formatJson(report))
    expect(Object.keys(parsed)).toEqual(['results', 'errors'])
    expect(Object.keys(parsed.results[0])).toEqual([
      'platform',
      'fileName',
      'passed',
      'score',
      'enforcementMode',
      'policyPackSlug',
      'summary',
      'findings',
      'ruleErrors',
      'skipped',
    ])
    expect(parsed.results[0].findings[0]).toMatchObject({
      ruleId: 'FC-UIP-ERR-001',
      severity: 'high',
      category: 'error_handling',
      location: 'My Project/Main.xaml:8',
      description: expect.any(String),
    })
    expect(parsed.errors).toEqual(report.errors)
  })
})

describe('sarif format', () => {
  const log = formatSarif(report, { toolVersion: '0.1.0', srcRootUri: 'file:///work/repo/' })

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(JSON.parse(JSON.stringify(log)))).toEqual([])
  })

  it('is valid with the whole rule catalogue of every built-in pack', () => {
    for (const slug of ['uipath-reframework-baseline', 'uipath-general', 'uipath-security']) {
      const full = getPolicyPack(slug)!
      const fullReport: ValidationReport = {
        results: [analyzeWorkflow({ content, fileName: 'Main.xaml', pack: full })],
        errors: [],
        rules: full.rules,
      }
      const fullLog = formatSarif(fullReport, { toolVersion: '0.1.0', srcRootUri: 'file:///work/repo/' })
      expect(sarifSchemaErrors(JSON.parse(JSON.stringify(fullLog))), slug).toEqual([])
    }
  })

  it('carries rules with descriptions, help and helpUri, and results with level and location', () => {
    // biome-ignore lint/suspicious/noExplicitAny: walking loosely typed SARIF JSON
    const run = log.runs[0] as any
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
      pack.rules.map((r) => r.rule.ruleId),
    )
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'FC-UIP-ERR-001',
      name: 'empty-catch',
      shortDescription: { text: expect.stringContaining('Empty catch block') },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.any(String), markdown: expect.any(String) },
      helpUri: 'http://127.0.0.1:8080/docs/rules/FC-UIP-ERR-001',
      defaultConfiguration: { level: 'error' },
    })
    expect(run.results[0]).toMatchObject({
      ruleId: 'FC-UIP-ERR-001',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'My%20Project/Main.xaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 8, startColumn: 7 },
          },
        },
      ],
    })
    const waived = run.results.find((r: { suppressions?: unknown }) => r.suppressions)
    expect(waived.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Approved risk exception exc-1' },
    ])
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'note', 'note'])
    expect(run.invocations[0].executionSuccessful).toBe(false)
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('XAML_PARSE_ERROR')
  })

  it('carries the path of a data-flow finding as a codeFlow (schema-valid), across project files too', () => {
    const security = getPolicyPack('uipath-security')!
    const flowPack = { ...security, rules: security.rules.filter((r) => r.rule.ruleId === 'FC-UIP-SEC-024') }
    const project = analyzeProject({
      submissionName: 'demo',
      projectJson: JSON.stringify({ main: 'Main.xaml' }),
      files: [
        {
          path: 'Main.xaml',
          content: wrapWorkflow(`<Sequence>
  <Sequence.Variables><Variable x:TypeArguments="x:String" Name="pwd" /></Sequence.Variables>
  <ui:RequestCredential DisplayName="Ask" Password="[pwd]" />
  <ui:InvokeWorkflowFile WorkflowFileName="Flows/Report.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Text">[pwd]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`),
        },
        {
          path: 'Flows/Report.xaml',
          content:
            wrapWorkflow(`<x:Members><x:Property Name="in_Text" Type="InArgument(x:String)" /></x:Members>
<Sequence><WriteLine DisplayName="Print" Text="[in_Text]" /></Sequence>`),
        },
      ],
      pack: flowPack,
    })
    const flowLog = formatSarif(
      {
        results: [project as unknown as ValidationReport['results'][number]],
        errors: [],
        rules: flowPack.rules,
      },
      { toolVersion: '0.1.0', srcRootUri: 'file:///work/repo/' },
    )
    expect(sarifSchemaErrors(JSON.parse(JSON.stringify(flowLog)))).toEqual([])
    // biome-ignore lint/suspicious/noExplicitAny: walking loosely typed SARIF JSON
    const result = (flowLog.runs[0] as any).results[0]
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('demo/Flows/Report.xaml')
    expect(
      result.codeFlows[0].threadFlows[0].locations.map(
        // biome-ignore lint/suspicious/noExplicitAny: walking loosely typed SARIF JSON
        (step: any) =>
          `${step.location.physicalLocation.artifactLocation.uri}:${step.location.physicalLocation.region.startLine} ${step.location.message.text}`,
      ),
    ).toEqual([
      'demo/Main.xaml:3 Ask Password (credential password)',
      'demo/Main.xaml:3 pwd (Ask)',
      'demo/Main.xaml:4 passed as in_Text to Report.xaml',
      'demo/Flows/Report.xaml:2 Print Text',
    ])
  })

  it('encodes paths as URI references', () => {
    expect(toUriReference('a b\\c#d/Main.xaml')).toBe('a%20b/c%23d/Main.xaml')
  })
})

describe('skipped parts (Comment Out bodies) in every format', () => {
  const dead = analyzeWorkflow({
    content: wrapWorkflow(`
<Sequence DisplayName="Main">
  <ui:LogMessage DisplayName="Log start" Level="Info" Message="[&quot;start&quot;]" />
  <ui:CommentOut DisplayName="Old login">
    <ui:CommentOut.Body>
      <Sequence DisplayName="Ignored Activities">
        <ui:TypeInto DisplayName="Type password" Text="hunter2secret" />
        <WriteLine DisplayName="Debug" Text="a" />
      </Sequence>
    </ui:CommentOut.Body>
  </ui:CommentOut>
</Sequence>`),
    fileName: 'Dead.xaml',
    pack,
  })
  const deadReport: ValidationReport = { results: [dead], errors: [], rules: pack.rules }

  it('lists the Comment Out with its position and activity count, and reports nothing inside it', () => {
    expect(dead.findings).toEqual([])
    expect(dead.skipped).toEqual([
      {
        path: 'Dead.xaml',
        reason: expect.stringContaining('commented out'),
        line: 3,
        column: 3,
        activity: 'Old login',
        activities: 3,
      },
    ])
    expect(JSON.parse(formatJson(deadReport)).results[0].skipped).toEqual(dead.skipped)
    expect(formatText(deadReport, { color: false })).toMatch(
      / skipped +3:3 +Old login \(3 activities\): commented out/,
    )
  })

  it('is a SARIF note that leaves the run successful, valid against the schema', () => {
    const log = formatSarif(deadReport, { toolVersion: '0.1.0' })
    expect(sarifSchemaErrors(JSON.parse(JSON.stringify(log)))).toEqual([])
    const run = log.runs[0] as { invocations: Array<Record<string, unknown>> }
    const invocation = run.invocations[0]
    expect(invocation?.executionSuccessful).toBe(true)
    expect(invocation?.toolExecutionNotifications).toMatchObject([
      {
        level: 'note',
        message: { text: expect.stringContaining('Old login (3 activities)') },
        locations: [{ physicalLocation: { region: { startLine: 3, startColumn: 3 } } }],
      },
    ])
  })
})

/** SARIF of one result under a pack's rules, as the CLI writes it; its run's results and rules. */
function sarifOf(result: AnalysisResult, packSlug: string) {
  const pack = getPolicyPack(packSlug)!
  const log = formatSarif(
    { results: [result], errors: [], rules: pack.rules },
    { toolVersion: '0.1.0', srcRootUri: 'file:///work/repo/' },
  )
  const run = log.runs[0] as {
    results: Array<{ ruleId: string; locations: Array<Record<string, unknown>> }>
    tool: { driver: { rules: Array<{ id: string; properties: { tags: string[] } }> } }
  }
  return { log, results: run.results, rules: run.tool.driver.rules }
}

/** A corpus result of each platform other than UiPath, as SARIF under the platform's default pack. */
const BLUE_PRISM_RELEASE =
  'shmoopysoft-blue-prism-populate-word-document-example/ShmoopySoftPopulateWordDocumentExample.bprelease'
const bluePrismSarif = sarifOf(analyzeBluePrismCorpusFile(BLUE_PRISM_RELEASE), 'blue-prism-general')
const powerAutomate = await (async () => {
  const { corpusPowerAutomateSubmissions, loadCorpusSubmission } = await import(
    '../power-automate/test-helpers.js'
  )
  const { analyzeSubmission } = await import('../platform-analyzer.js')
  const { powerAutomateAnalyzer } = await import('../power-automate/power-automate-analyzer.js')
  const item = corpusPowerAutomateSubmissions().find((entry) =>
    entry.name.endsWith('/GetOrganizationUsers.zip'),
  )!
  const pack = getPolicyPack('power-automate-general')!
  const result = analyzeSubmission(powerAutomateAnalyzer, await loadCorpusSubmission(item), { pack })
  return { name: item.name, sarif: sarifOf(result, 'power-automate-general') }
})()

describe.each([
  ['Blue Prism', bluePrismSarif],
  ['Power Automate', powerAutomate.sarif],
])('sarif format for %s', (_platform, sarif) => {
  it("is valid against the official SARIF 2.1.0 schema, with every rule of the platform's pack", () => {
    expect(sarif.results.length).toBeGreaterThan(0)
    expect(sarifSchemaErrors(JSON.parse(JSON.stringify(sarif.log)))).toEqual([])
  })
})

describe('sarif locations of other platforms', () => {
  it('Blue Prism: the physical location in the release and a logical location (process/page/stage)', () => {
    const hardcoded = bluePrismSarif.results.find((item) => item.ruleId === 'FC-BPR-HCD-002')
    expect(hardcoded?.locations[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: toUriReference(BLUE_PRISM_RELEASE), uriBaseId: '%SRCROOT%' },
        region: { startLine: 12, startColumn: 3145 },
      },
      logicalLocations: [
        {
          name: 'vPathToWordTemplate',
          fullyQualifiedName: 'Populate Word Document Process/Main Page/vPathToWordTemplate',
          kind: 'element',
        },
      ],
    })
    expect(bluePrismSarif.rules.find((rule) => rule.id === 'FC-BPR-HCD-002')?.properties.tags).toContain(
      'blue-prism',
    )
  })

  it('Power Automate: the flow file as the physical location and the action path as the logical location', () => {
    const secret = powerAutomate.sarif.results.find((entry) => entry.ruleId === 'FC-PAF-HCD-001')
    const flow = 'Microsoft.Flow/flows/63aa12db-ab81-4cdf-8b00-c7dc3114fd79/definition.json'
    expect(secret?.locations[0]).toMatchObject({
      physicalLocation: {
        artifactLocation: { uri: toUriReference(`${powerAutomate.name}/${flow}`), uriBaseId: '%SRCROOT%' },
      },
      logicalLocations: [
        {
          name: 'Get_Organization_Users_-_Skip_Token',
          fullyQualifiedName:
            '/actions/Do_until/actions/Switch_on_Do_Until/cases/Paging_Available/actions/Get_Organization_Users_-_Skip_Token',
          kind: 'object',
        },
      ],
    })
  })
})
