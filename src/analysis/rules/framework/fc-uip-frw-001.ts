/**
 * FC-UIP-FRW-001 reframework-main-states: Main.xaml is not a StateMachine with the four REFramework
 * states (Initialization, Get Transaction Data, Process Transaction, End Process).
 * No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-FRW-001.md.
 */
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { mainStateMachine, normalizeStateName, REFRAMEWORK_STATES } from '../support/reframework.js'

export const reframeworkMainStatesRule = defineRule({
  ruleId: 'FC-UIP-FRW-001',
  name: 'reframework-main-states',
  category: 'framework',
  severity: 'high',
  description:
    'Main.xaml is not a state machine with the four REFramework states (Initialization, Get Transaction Data, Process Transaction, End Process).',
  recommendation:
    'Keep Main.xaml as the REFramework StateMachine with its four states and put process-specific work in Process.xaml and the Framework workflows, so retries, exception handling and logging keep working.',
  mirrors: [],
  appliesTo: ['Main.xaml'],
  options: {
    requiredStates: stringListOption({
      default: REFRAMEWORK_STATES,
      description:
        'State display names Main.xaml must have (compared ignoring case, spaces, `_`, `-` and a trailing "State").',
    }),
  },
  check(model, { options }) {
    const machine = mainStateMachine(model)
    if (machine === undefined) {
      const node = model.rootActivity ?? model.root
      return [
        findingAt(node, `The main activity is ${activityLabel(node)} (${node.type}), not a StateMachine.`),
      ]
    }
    const present = new Set(machine.states.map((state) => normalizeStateName(state.displayName)))
    const findings: RawFinding[] = []
    for (const required of options.requiredStates) {
      if (!present.has(normalizeStateName(required)))
        findings.push(findingAt(machine.node, `No state named "${required}".`))
    }
    return findings
  },
})
