/**
 * FC-UIP-LOG-001 workflow-without-log-message: a workflow of some size writes no Log Message.
 * Mirrors UiPath Workflow Analyzer ST-USG-020 (Minimum Log Messages). Doc: docs/rules/FC-UIP-LOG-001.md.
 */
import { CONTAINER_TYPES, XAML_NS } from '../../xaml/index.js'
import { activityLabel, defineRule } from '../rule.js'
import { integerOption, stringListOption } from '../rule-options.js'
import { walkMainActivities } from '../support/main-activity.js'

/** Comment Out's body never runs: a Log Message in it does not log, and its activities are not work. */
const COMMENT_TYPES: ReadonlySet<string> = new Set(['ui:Comment', 'ui:CommentOut'])

export const workflowWithoutLogMessageRule = defineRule({
  ruleId: 'FC-UIP-LOG-001',
  name: 'workflow-without-log-message',
  category: 'logging',
  severity: 'low',
  description: 'Workflow has fewer Log Message activities than required.',
  recommendation:
    'Add Log Message activities at the milestones of the workflow (start, important decisions, end) and in error handlers, at a suitable level and without sensitive data.',
  mirrors: ['ST-USG-020'],
  options: {
    minLogMessages: integerOption({
      default: 1,
      min: 1,
      description: 'Fewest log activities a workflow must contain (Studio: at least one per workflow).',
    }),
    minActivities: integerOption({
      default: 3,
      min: 0,
      description:
        "Workflows with fewer activities than this are not checked; containers (Sequence, Flowchart, State Machine, Parallel) and comments are not counted, so placeholders such as the REFramework's Process.xaml pass.",
    }),
    logActivityTypes: stringListOption({
      default: ['ui:LogMessage'],
      description: 'Activity types that count as logging, as canonical model types.',
    }),
  },
  check(model, { options }) {
    const logTypes = new Set(options.logActivityTypes)
    let logs = 0
    let work = 0
    walkMainActivities(model, (activity) => {
      if (COMMENT_TYPES.has(activity.type)) return false
      if (logTypes.has(activity.type)) logs++
      const isContainer =
        activity.namespaceUri === XAML_NS.activities && CONTAINER_TYPES.has(activity.localName)
      if (!isContainer) work++
      return true
    })
    if (work < options.minActivities || logs >= options.minLogMessages) return []
    const main = model.rootActivity
    if (main === undefined) return []
    return [
      {
        line: main.line,
        column: main.column,
        activity: activityLabel(main),
        message: `${logs} log message${logs === 1 ? '' : 's'} in ${work} activities (minimum ${options.minLogMessages}).`,
      },
    ]
  },
})
