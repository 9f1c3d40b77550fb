/**
 * FC-UIP-PRJ-012 unused-saved-value: in a StudioX project, a value saved for later (an activity's
 * output stored with "Save for Later Use") that no activity of the workflow ever uses as input.
 * The saving activity did work for nothing, or the activity meant to use the value uses another
 * one. StudioX projects only (see support/studiox-saved-values.ts), as UiPath's rule.
 * Mirrors UiPath Workflow Analyzer ST-USG-024 (Unused Saved for Later). Doc: docs/rules/FC-UIP-PRJ-012.md.
 */
import { defineProjectRule, findingAt, type ProjectRawFinding } from '../rule.js'
import { anyProjectOption, judgesSavedValues, savedValueMentions } from '../support/studiox-saved-values.js'

export const unusedSavedValueRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-012',
  name: 'unused-saved-value',
  category: 'project',
  severity: 'low',
  description: 'Value saved for later is never used by another activity.',
  recommendation:
    'Use the saved value where it was meant to be used (plus menu, Use Saved Value), or stop saving it.',
  mirrors: ['ST-USG-024'],
  options: { anyProject: anyProjectOption() },
  checkProject(project, { options }) {
    if (!judgesSavedValues(project, options.anyProject)) return []
    const findings: ProjectRawFinding[] = []
    for (const workflow of project.workflows) {
      if (workflow.model === undefined) continue
      for (const [variable, mentions] of savedValueMentions(workflow.model)) {
        // Only saved (written) and never anything else: a mention that may be a read keeps it.
        if (mentions.length === 0 || mentions.some((mention) => mention.kind !== 'write')) continue
        const lines = [...new Set(mentions.map((mention) => mention.activity.line))].join(', ')
        findings.push({
          ...findingAt(variable.node, `"${variable.name}" is saved (line ${lines}) but no activity uses it.`),
          path: workflow.path,
        })
      }
    }
    return findings
  },
})
