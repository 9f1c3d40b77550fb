import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { hardcodedUrlRule as rule } from './fc-uip-hcd-002.js'

const id = 'FC-UIP-HCD-002'

describe(`${id} hardcoded-url`, () => {
  it('reports URLs in properties, expressions and defaults, without their path or query', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="baseUrl" Default="https://erp.acme.io/api" />
  </Sequence.Variables>
  <ui:OpenBrowser DisplayName="Open portal" Url="https://portal.acme.io/login?sid=42" />
  <ui:NavigateTo DisplayName="Go" Url="[&quot;http://intranet/page/&quot; + id]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          activity: 'Main',
          message: 'URL https://erp.acme.io… hardcoded in the default of variable "baseUrl".',
        },
        {
          ruleId: id,
          line: 5,
          column: 45,
          activity: 'Open portal',
          message: 'URL https://portal.acme.io… hardcoded in the property Url.',
        },
        {
          ruleId: id,
          line: 6,
          activity: 'Go',
          message: 'URL http://intranet… hardcoded in the property Url.',
        },
      ],
    )
  })

  it('ignores config lookups, DisplayNames, comments, annotations and schema URIs', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Open https://portal.acme.io" sap2010:Annotation.AnnotationText="See https://wiki.acme.io/process">
  <ui:OpenBrowser DisplayName="Open" Url="[in_Config(&quot;PortalURL&quot;).ToString]" />
  <ui:Comment Text="Docs: https://docs.uipath.com" />
  <ui:LogMessage Message="[&quot;ns http://schemas.microsoft.com/netfx/2009/xaml/activities&quot;]" />
</Sequence>`,
      [],
    )
  })

  describe.skipIf(corpusFiles().length === 0)(
    'corpus: reports nothing (no endpoint URL is hardcoded there)',
    () => {
      for (const file of corpusFiles()) {
        it(`reports nothing in ${file}`, () => {
          expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
        })
      }
    },
  )
})
