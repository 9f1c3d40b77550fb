import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { pathTraversalRule as rule } from './fc-uip-sec-023.js'

const id = 'FC-UIP-SEC-023'

describe(`${id} path-traversal`, () => {
  it('reports untrusted input in a file path, not once only its file name is kept', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="name" />
  </Sequence.Variables>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[name]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[in_TransactionItem.SpecificContent("Attachment").ToString]</InArgument></Assign.Value>
  </Assign>
  <ui:WriteTextFile DisplayName="Save" FileName="[&quot;C:\\Work\\&quot; + name]" Text="done" />
  <ui:WriteTextFile DisplayName="Save safely" FileName="[&quot;C:\\Work\\&quot; + System.IO.Path.GetFileName(name)]" Text="done" />
  <ui:CopyFile DisplayName="Copy" Path="C:\\Work\\template.txt" Destination="[name]" />
</Sequence>`,
      [
        { ruleId: id, line: 9, activity: 'Save' },
        { ruleId: id, line: 11, activity: 'Copy' },
      ],
    )
  })

  describeNothingInCorpus(rule, 'the shared corpus', corpusFiles())
})
