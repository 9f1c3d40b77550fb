import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { hardcodedOrchestratorNameRule as rule } from './fc-uip-hcd-005.js'

const id = 'FC-UIP-HCD-005'

describe(`${id} hardcoded-orchestrator-name`, () => {
  it('reports literal asset, queue and folder names (attribute and element forms)', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:GetRobotAsset DisplayName="Get URL asset" AssetName="PortalURL" FolderPath="Finance/Prod" />
  <ui:AddQueueItem DisplayName="Add item" QueueType="[&quot;InvoiceQueue&quot;]" />
  <ui:GetRobotCredential DisplayName="Get cred">
    <ui:GetRobotCredential.AssetName>
      <InArgument x:TypeArguments="x:String">SAP_Login</InArgument>
    </ui:GetRobotCredential.AssetName>
  </ui:GetRobotCredential>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 49,
          activity: 'Get URL asset',
          message: 'AssetName "PortalURL" is hardcoded on ui:GetRobotAsset.',
        },
        {
          ruleId: id,
          line: 2,
          activity: 'Get URL asset',
          message: 'FolderPath "Finance/Prod" is hardcoded on ui:GetRobotAsset.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Add item',
          message: 'QueueType "InvoiceQueue" is hardcoded on ui:AddQueueItem.',
        },
        { ruleId: id, line: 6, activity: 'Get cred' },
      ],
    )
  })

  it('accepts names from config, arguments and data rows, and other activities', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:GetQueueItem QueueType="[in_Config(&quot;OrchestratorQueueName&quot;).ToString]" FolderPath="[in_Config(&quot;OrchestratorQueueFolder&quot;).ToString]" TimeoutMS="{x:Null}" />
  <ui:GetRobotAsset AssetName="[row(&quot;Asset&quot;).ToString]" FolderPath="{x:Null}" />
  <ui:GetRobotCredential AssetName="[in_Credential]" />
  <ui:AddQueueItem QueueType="" />
  <ui:ReadRange SheetName="Settings" />
</Sequence>`,
      [],
    )
  })

  /**
   * Every REFramework variant reads names from Config. The real hits (each read at its line) are
   * outside it, exactly what the rule's doc describes: a Get Credential with a literal AssetName and
   * FolderPath (UiPath's SAP sample, folder "Bal Raju"; the troubleshooting scenario "myHiddenAset"
   * in "Remote Debugging"), and a Get Transaction Item with a literal QueueType "ItemsQueue" and
   * FolderPath "Shared" (two scenarios). Two findings per line: one per property.
   */
  const troubleshoot = 'uipath-skills/tests/tasks/uipath-troubleshoot'
  describeCorpusFindings(rule, 'corpus: only literal names outside the REFramework are reported', {
    'uipath-codedautomations-samples/SAP_WinGUI_Coded_Automation_Project/SetupEnv_LoginUser.xaml': [81, 81],
    [`${troubleshoot}/activity-packages/sys-getasset-name-mismatch/process/Main.xaml`]: [122, 122],
    [`${troubleshoot}/activity-packages/uia-application-open-failed/process/Transaction.xaml`]: [104, 104],
    [`${troubleshoot}/products/orchestrator/queue-items-failing-test/process/Transaction.xaml`]: [104, 104],
  })
})
