/**
 * FC-UIP-PRJ-013 saved-value-used-before-saved: in a StudioX project, an activity that uses a value
 * saved for later but runs before the activity that saves it. StudioX lets the plus menu offer
 * every saved value of the workflow, including ones saved further down: the earlier activity then
 * reads an empty value. StudioX projects only (see support/studiox-saved-values.ts), as UiPath's
 * rule. Mirrors UiPath Workflow Analyzer ST-USG-025 (Saved Value Misuse).
 * Doc: docs/rules/FC-UIP-PRJ-013.md.
 */
import { defineProjectRule, findingAt, type ProjectRawFinding } from '../rule.js'
import {
  anyProjectOption,
  judgesSavedValues,
  runsBefore,
  savedValueMentions,
} from '../support/studiox-saved-values.js'

export const savedValueUsedBeforeSavedRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-013',
  name: 'saved-value-used-before-saved',
  category: 'project',
  severity: 'medium',
  description: 'Saved value is used by an activity that runs before the activity that saves it.',
  recommendation:
    'Move the activity that saves the value above the one that uses it, or use a value saved earlier.',
  mirrors: ['ST-USG-025'],
  options: { anyProject: anyProjectOption() },
  checkProject(project, { options }) {
    if (!judgesSavedValues(project, options.anyProject)) return []
    const findings: ProjectRawFinding[] = []
    for (const workflow of project.workflows) {
      if (workflow.model === undefined) continue
      for (const [variable, mentions] of savedValueMentions(workflow.model)) {
        // A value with a default is set before anything runs.
        if (variable.default !== undefined) continue
        // A sure save is needed (to name it); anything that may save the value counts as a save
        // too (the reading that reports least).
        const writes = mentions.filter((mention) => mention.kind === 'write')
        const saves = mentions.filter((mention) => mention.kind !== 'read')
        if (writes.length === 0) continue
        const reported = new Set<number>()
        for (const read of mentions) {
          if (read.kind !== 'read' || reported.has(read.activity.index)) continue
          if (!saves.every((save) => runsBefore(read.activity, save.activity))) continue
          reported.add(read.activity.index)
          const first = writes[0]?.activity.line
          findings.push({
            ...findingAt(read.activity, `Uses "${variable.name}" before it is saved (line ${first}).`),
            path: workflow.path,
          })
        }
      }
    }
    return findings
  },
})
