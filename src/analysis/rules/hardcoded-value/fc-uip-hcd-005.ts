/**
 * FC-UIP-HCD-005 hardcoded-orchestrator-name: an Orchestrator asset, credential, queue, process or
 * folder name given as a constant to an Orchestrator activity. Doc: docs/rules/FC-UIP-HCD-005.md.
 *
 * The REFramework reads these names from the Config dictionary (`in_Config("OrchestratorQueueName")`,
 * `row("Asset")`), so they change per environment without republishing; expressions are accepted,
 * only constant strings are reported.
 */
import { defineRule, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { constantString, siteActivity, valueSites } from '../support/hardcoded-values.js'

export const hardcodedOrchestratorNameRule = defineRule({
  ruleId: 'FC-UIP-HCD-005',
  name: 'hardcoded-orchestrator-name',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'Orchestrator asset, queue or folder name literal.',
  recommendation:
    'Put the asset, queue and folder names in the Config file (Settings sheet) and pass them from the Config dictionary, as the REFramework does with OrchestratorQueueName and OrchestratorQueueFolder.',
  mirrors: [],
  options: {
    activityTypes: stringListOption({
      default: [
        'ui:GetRobotAsset',
        'ui:GetRobotCredential',
        'ui:GetAsset',
        'ui:GetCredential',
        'ui:SetAsset',
        'ui:SetCredential',
        'ui:AddQueueItem',
        'ui:AddTransactionItem',
        'ui:GetQueueItem',
        'ui:GetQueueItems',
        'ui:BulkAddQueueItems',
        'ui:WaitQueueItem',
        'ui:DeleteQueueItems',
        'ui:StartJob',
        'ui:GetJobs',
        'ui:StopJob',
        'ui:SetTransactionStatus',
        'ui:SetTransactionProgress',
        'ui:PostponeTransactionItem',
        'ui:OrchestratorHttpRequest',
      ],
      description: 'Orchestrator activities to check (canonical model types)',
    }),
    propertyNames: stringListOption({
      default: [
        'AssetName',
        'CredentialName',
        'QueueName',
        'QueueType',
        'FolderPath',
        'OrchestratorFolderPath',
        'QueueFolderPath',
        'ProcessName',
        'JobName',
      ],
      description: 'Properties that hold Orchestrator object names',
    }),
  },
  check(model, { options }) {
    const activityTypes = new Set(options.activityTypes)
    const propertyNames = new Set(options.propertyNames)
    const findings: RawFinding[] = []
    for (const site of valueSites(model)) {
      const owner = site.owner
      if (owner === undefined || !activityTypes.has(owner.type) || !propertyNames.has(site.property)) continue
      const name = constantString(site)
      if (name === undefined || name.trim().length === 0) continue
      findings.push({
        line: site.line,
        column: site.column,
        activity: siteActivity(site, model),
        message: `${site.property} "${name}" is hardcoded on ${owner.type}.`,
      })
    }
    return findings
  },
})
