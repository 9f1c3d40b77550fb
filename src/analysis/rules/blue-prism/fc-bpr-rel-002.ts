import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding } from './blue-prism-findings.js'

/**
 * In a release, a data item exposed as an Environment variable that the release does not declare:
 * imported elsewhere, the process reads a variable that does not exist there (or one with another
 * value). Single process or object exports declare no variables, so only releases are checked.
 */
export const undeclaredEnvironmentVariableRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-REL-002',
  platform: 'blue-prism',
  name: 'undeclared-environment-variable',
  category: 'reliability',
  severity: 'medium',
  description: 'A data item reads an environment variable that the release does not declare.',
  recommendation:
    'Add the environment variable to the release (with its type and a safe default), or stop exposing the data item as Environment.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const release of model.releases) {
      const declared = new Set(
        release.environmentVariables.map((variable) => variable.name.trim().toLowerCase()),
      )
      for (const workflow of model.workflows.filter((candidate) => candidate.path === release.path)) {
        for (const stage of workflow.stages) {
          if (stage.data?.exposure !== 'Environment') continue
          if (declared.has(stage.name.trim().toLowerCase())) continue
          findings.push(
            stageFinding(
              workflow,
              stage,
              `"${stage.name}" is not among the release's environment variables.`,
            ),
          )
        }
      }
    }
    return findings
  },
})
