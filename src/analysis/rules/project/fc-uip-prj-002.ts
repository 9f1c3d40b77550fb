/**
 * FC-UIP-PRJ-002 invoke-argument-mismatch: an Invoke Workflow File passes an argument the invoked
 * workflow does not declare, passes one with another direction or type than declared, or leaves
 * out an In argument the workflow marks as required. Doc: docs/rules/FC-UIP-PRJ-002.md.
 */
import type { XamlArgument, XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineProjectRule, type ProjectRawFinding } from '../rule.js'

/**
 * A type reduced for comparison: namespace prefixes and spaces dropped, case folded
 * (`scg:Dictionary(x:String, x:Object)` → `dictionary(string,object)`). The invoking and the
 * invoked file may map the same namespace to different prefixes; two types that differ only in
 * namespace would compare equal, which errs towards silence.
 */
export function comparableType(type: string): string {
  return type
    .replace(/[A-Za-z_][\w.]*:/g, '')
    .replace(/\s+/g, '')
    .toLowerCase()
}

/** The `x:Property` member nodes of a workflow that carry `RequiredArgumentAttribute`. */
function requiredArgumentNames(nodes: readonly XamlNode[]): Set<string> {
  const required = new Set<string>()
  for (const node of nodes) {
    if (node.kind !== 'member' || node.localName !== 'Property') continue
    const name = node.attributes.get('Name')?.value
    const attributes = node.properties.get('Attributes')?.values ?? []
    if (name !== undefined && attributes.some((value) => value.localName === 'RequiredArgumentAttribute'))
      required.add(name)
  }
  return required
}

export const invokeArgumentMismatchRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-002',
  name: 'invoke-argument-mismatch',
  category: 'project',
  severity: 'high',
  description:
    'An Invoke Workflow File passes arguments that do not match what the invoked workflow declares.',
  recommendation:
    'Open the Invoke Workflow File arguments and press "Import Arguments" so names, directions and types match the invoked workflow; pass every required In argument.',
  mirrors: [],
  checkProject(project) {
    const findings: ProjectRawFinding[] = []
    for (const invocation of project.invocations) {
      if (invocation.target.kind !== 'resolved' || invocation.argumentsFromVariable) continue
      const target = project.workflowsByLowerPath.get(invocation.target.path.toLowerCase())?.model
      if (target === undefined) continue
      const declared = new Map<string, XamlArgument>(
        target.arguments.map((argument) => [argument.name, argument]),
      )
      const at = (line: number, column: number, message: string): ProjectRawFinding => ({
        path: invocation.from,
        line,
        column,
        activity: activityLabel(invocation.activity),
        message,
      })
      const targetPath = invocation.target.path
      for (const passed of invocation.arguments) {
        const argument = declared.get(passed.name)
        if (argument === undefined) {
          findings.push(
            at(passed.line, passed.column, `${targetPath} declares no argument "${passed.name}".`),
          )
          continue
        }
        if (argument.direction === 'Property') continue
        if (argument.direction !== passed.direction) {
          findings.push(
            at(
              passed.line,
              passed.column,
              `"${passed.name}" is passed as ${passed.direction} but ${targetPath} declares it ${argument.direction}.`,
            ),
          )
        } else if (
          passed.type !== undefined &&
          comparableType(passed.type) !== comparableType(argument.type)
        ) {
          findings.push(
            at(
              passed.line,
              passed.column,
              `"${passed.name}" is passed as ${passed.type} but ${targetPath} declares ${argument.type}.`,
            ),
          )
        }
      }
      const passedNames = new Set(invocation.arguments.map((passed) => passed.name))
      for (const name of requiredArgumentNames(target.nodes)) {
        if (!passedNames.has(name) && declared.get(name)?.direction === 'In') {
          findings.push(
            at(
              invocation.line,
              invocation.column,
              `The required In argument "${name}" of ${targetPath} is not passed.`,
            ),
          )
        }
      }
    }
    return findings
  },
})
