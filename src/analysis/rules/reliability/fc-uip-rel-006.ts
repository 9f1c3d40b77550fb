/**
 * FC-UIP-REL-006 non-serializable-in-persistence-scope: a variable in scope of a persistence
 * activity (declared on it or on one of its ancestors), or an argument of a workflow that has a
 * persistence activity, has a type that cannot be serialized when the job is suspended.
 * Mirrors UiPath Workflow Analyzer ST-DBP-025 (variables) and ST-DBP-028 (arguments).
 * Doc: docs/rules/FC-UIP-REL-006.md.
 */
import { activityAncestors } from '../../xaml/model-queries.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { persistenceActivities } from '../support/activity-groups.js'

/** Default CLR types that a suspended job cannot store (live handles, OS resources, secrets). */
const DEFAULT_NON_SERIALIZABLE_TYPES: readonly string[] = [
  'UiPath.Core.UiElement',
  'UiPath.Core.Browser',
  'UiPath.Core.Window',
  'UiPath.Core.Image',
  'UiPath.Excel.WorkbookApplication',
  'UiPath.Database.DatabaseConnection',
  'System.Data.DataRow',
  'System.Net.Mail.MailMessage',
  'System.Diagnostics.Process',
  'System.IO.Stream',
  'System.IO.FileStream',
  'System.IO.MemoryStream',
  'System.Drawing.Image',
  'System.Drawing.Bitmap',
  'System.Security.SecureString',
]

/** Every CLR type named in a resolved type name, generic arguments included. */
function namedTypes(typeName: string): string[] {
  return typeName.match(/[A-Za-z_][\w.]*/g) ?? []
}

export const nonSerializableInPersistenceScopeRule = defineRule({
  ruleId: 'FC-UIP-REL-006',
  name: 'non-serializable-in-persistence-scope',
  category: 'reliability',
  severity: 'high',
  description: 'Variable or argument that cannot be serialized is in scope of a persistence activity.',
  recommendation:
    'Give the variable a serializable type (a String, a number, a DataTable, an Orchestrator object id) or declare it in a scope that ends before the persistence activity; pass arguments of serializable types only.',
  mirrors: ['ST-DBP-025', 'ST-DBP-028'],
  options: {
    nonSerializableTypes: stringListOption({
      default: DEFAULT_NON_SERIALIZABLE_TYPES,
      description:
        'CLR type names (full names) that cannot be persisted; a type is reported when it or one of its generic arguments is listed.',
    }),
  },
  check(model, { options }) {
    const persistence = persistenceActivities(model)
    if (persistence.length === 0) return []
    const banned = new Set(options.nonSerializableTypes)
    const badType = (typeName: string) => namedTypes(typeName).find((name) => banned.has(name))
    const scopes = new Map<XamlNode, XamlNode>()
    for (const activity of persistence) {
      for (const scope of [activity, ...activityAncestors(activity)]) {
        if (!scopes.has(scope)) scopes.set(scope, activity)
      }
    }
    const findings: RawFinding[] = []
    for (const variable of model.variables) {
      const waiting = variable.scope === undefined ? undefined : scopes.get(variable.scope)
      const type = waiting === undefined ? undefined : badType(variable.typeName)
      if (waiting === undefined || type === undefined) continue
      findings.push({
        line: variable.line,
        column: variable.column,
        activity: activityLabel(variable.scope as XamlNode),
        node: variable.node,
        message: `Variable "${variable.name}" of type ${type} is in scope of ${activityLabel(waiting)}.`,
      })
    }
    const main = model.rootActivity
    for (const argument of model.arguments) {
      const type = badType(argument.typeName)
      if (type === undefined) continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: main ? activityLabel(main) : model.root.type,
        message: `${argument.direction} argument "${argument.name}" of type ${type} is in scope of ${activityLabel(persistence[0] as XamlNode)}.`,
      })
    }
    return findings
  },
})
