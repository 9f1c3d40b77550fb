import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { emptyUseExcelFileRule as rule } from './fc-uip-mnt-011.js'

const id = 'FC-UIP-MNT-011'
const UEAB =
  'xmlns:ueab="clr-namespace:UiPath.Excel.Activities.Business;assembly=UiPath.Excel.Activities.Design"'

describe(`${id} empty-use-excel-file`, () => {
  it('reports a Use Excel File whose body is missing or an empty Sequence', () => {
    expectFindings(
      rule,
      `
<Sequence ${UEAB}>
  <ueab:ExcelApplicationCard DisplayName="Use Excel File" WorkbookPath="report.xlsx">
    <ueab:ExcelApplicationCard.Body>
      <ActivityAction x:TypeArguments="x:Object">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="x:Object" Name="Excel" />
        </ActivityAction.Argument>
        <Sequence DisplayName="Do" />
      </ActivityAction>
    </ueab:ExcelApplicationCard.Body>
  </ueab:ExcelApplicationCard>
  <ueab:ExcelApplicationCard DisplayName="Bare card" WorkbookPath="other.xlsx" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Use Excel File',
          message: 'The Use Excel File scope has no activity.',
        },
        { ruleId: id, line: 12, activity: 'Bare card' },
      ],
    )
  })

  it('accepts a Use Excel File with an activity in its body', () => {
    expectFindings(
      rule,
      `
<Sequence ${UEAB}>
  <ueab:ExcelApplicationCard DisplayName="Use Excel File" WorkbookPath="report.xlsx">
    <ueab:ExcelApplicationCard.Body>
      <ActivityAction x:TypeArguments="x:Object">
        <Sequence DisplayName="Do">
          <ueab:ReadRangeX DisplayName="Read Range" Range="[Excel.Sheet(&quot;Data&quot;)]" />
        </Sequence>
      </ActivityAction>
    </ueab:ExcelApplicationCard.Body>
  </ueab:ExcelApplicationCard>
</Sequence>`,
      [],
    )
  })

  // The corpus's two Use Excel File scopes (CodedExcelDemo, a troubleshooting task) both hold
  // Excel activities: nothing to report, ReFramework_WorkflowAnalyzer included.
  describeCorpusFindings(rule, 'corpus', {})
})
