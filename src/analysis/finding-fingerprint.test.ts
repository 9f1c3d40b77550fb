import { describe, expect, it } from 'vitest'
import { analyzeWorkflow } from './analyze.js'
import { normaliseFindingValue } from './finding-fingerprint.js'
import { corpusFiles, readCorpusFile } from './rules/rule-test-kit.js'

const HEADER =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:ui="http://schemas.uipath.com/workflow/activities"' +
  ' xmlns:sap2010="http://schemas.microsoft.com/netfx/2010/xaml/activities/presentation" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml">'

function fingerprints(xaml: string): Array<[string, string]> {
  return analyzeWorkflow({ content: xaml, fileName: 'Main.xaml', packSlug: 'uipath-general' }).findings.map(
    (finding) => [finding.ruleId, finding.fingerprint],
  )
}

const WORKFLOW = `${HEADER}
<Sequence DisplayName="Login" sap2010:WorkflowViewState.IdRef="Sequence_1">
  <ui:TypeInto DisplayName="Type password" Text="hunter2hunter2" sap2010:WorkflowViewState.IdRef="TypeInto_1" />
  <TryCatch DisplayName="Try" sap2010:WorkflowViewState.IdRef="TryCatch_1">
    <TryCatch.Try><Sequence DisplayName="Do" sap2010:WorkflowViewState.IdRef="Sequence_2"><ui:OpenBrowser Url="https://intranet.example.com/app" DisplayName="Open intranet" sap2010:WorkflowViewState.IdRef="OpenBrowser_1" /></Sequence></TryCatch.Try>
    <TryCatch.Catches><Catch x:TypeArguments="x:Object" sap2010:WorkflowViewState.IdRef="Catch_1" /></TryCatch.Catches>
  </TryCatch>
</Sequence>
</Activity>`

describe('finding fingerprints', () => {
  const before = fingerprints(WORKFLOW)

  it('are unique within a result and look like hashes', () => {
    expect(before.length).toBeGreaterThan(2)
    const all = before.map(([, fingerprint]) => fingerprint)
    expect(new Set(all).size).toBe(all.length)
    for (const fingerprint of all) expect(fingerprint).toMatch(/^[0-9a-f]{32}(:\d+)?$/)
  })

  it('survive lines inserted above, attributes reordered and re-indentation', () => {
    const moved = WORKFLOW.replace('<Sequence DisplayName="Login"', '\n\n\n<Sequence DisplayName="Login"')
      .replace(
        'DisplayName="Type password" Text="hunter2hunter2"',
        'Text="hunter2hunter2"   DisplayName="Type password"',
      )
      .replace(/\n {2}/g, '\n\t\t')
    expect(fingerprints(moved).sort()).toEqual([...before].sort())
  })

  it('change when the offending literal changes, and only for that finding', () => {
    const changed = fingerprints(
      WORKFLOW.replace('https://intranet.example.com/app', 'https://other.example.com/app'),
    )
    const url = (list: Array<[string, string]>) =>
      list.filter(([ruleId]) => ruleId === 'FC-UIP-HCD-002').map(([, f]) => f)
    expect(url(changed)).toHaveLength(1)
    expect(url(changed)).not.toEqual(url(before))
    const others = (list: Array<[string, string]>) =>
      list.filter(([ruleId]) => ruleId !== 'FC-UIP-HCD-002').sort()
    expect(others(changed)).toEqual(others(before))
  })

  it('without IdRefs, name the activity by its path in the tree, still line-independent', () => {
    const bare = WORKFLOW.replace(/ sap2010:WorkflowViewState\.IdRef="[^"]*"/g, '')
    const plain = fingerprints(bare)
    expect(
      fingerprints(bare.replace('<Sequence DisplayName="Login"', '\n\n<Sequence DisplayName="Login"')).sort(),
    ).toEqual([...plain].sort())
    expect(plain.map(([, f]) => f).sort()).not.toEqual(before.map(([, f]) => f).sort())
  })

  it('ignore line references inside messages', () => {
    expect(normaliseFindingValue('Display name "Assign" is also used at line 237.')).toBe(
      normaliseFindingValue('Display name "Assign" is also used at line 12.'),
    )
    expect(normaliseFindingValue('Path "a"')).not.toBe(normaliseFindingValue('Path "b"'))
  })

  it('collapse every whitespace run to one space, and leave single spaces as they are', () => {
    for (const text of ['a b c', ' a  b ', 'a\tb', 'a\n\nb', 'a\u00a0b', 'a \r\n b', 'ab', '']) {
      expect(normaliseFindingValue(text)).toBe(text.replace(/\s+/g, ' ').trim())
    }
  })

  it('are unique in every corpus file', () => {
    for (const file of corpusFiles()) {
      const result = analyzeWorkflow({ content: readCorpusFile(file), fileName: file })
      const all = result.findings.map((finding) => finding.fingerprint)
      expect({ file, unique: new Set(all).size }).toEqual({ file, unique: all.length })
    }
  })
})
