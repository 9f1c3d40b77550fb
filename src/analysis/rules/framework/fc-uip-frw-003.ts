/**
 * FC-UIP-FRW-003 settings-through-init-all-settings: Main.xaml does not load its settings through
 * Framework/InitAllSettings.xaml into a Config dictionary, or Framework/InitAllSettings.xaml does not
 * return one. No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-FRW-003.md.
 */
import { normalizeRelativePath } from '../path-pattern.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'

const DICTIONARY_TYPE = 'System.Collections.Generic.Dictionary<'
const MAIN = /(^|\/)Main\.xaml$/i

export const settingsThroughInitAllSettingsRule = defineRule({
  ruleId: 'FC-UIP-FRW-003',
  name: 'settings-through-init-all-settings',
  category: 'framework',
  severity: 'medium',
  description: 'Settings are not loaded through InitAllSettings into the Config dictionary.',
  recommendation:
    'Invoke Framework\\InitAllSettings.xaml from the Initialization state and bind its out_Config dictionary, and read every setting, asset name and constant from Config instead of hardcoding it.',
  mirrors: [],
  appliesTo: ['Main.xaml', 'Framework/InitAllSettings.xaml'],
  options: {
    initSettingsWorkflow: regexOption({
      default: '(^|/)Framework/InitAllSettings\\.xaml$',
      flags: 'i',
      description:
        'Path (as written in Invoke Workflow File, `\\` turned into `/`) of the workflow that loads the settings',
    }),
    configArgument: regexOption({
      default: '^out_?Config$',
      flags: 'i',
      description: 'Name of the Out argument of InitAllSettings that returns the Config dictionary',
    }),
  },
  check(model, { options, relativePath, invokedTemplatePath }) {
    const templatePath = (fileName: string) =>
      invokedTemplatePath?.(fileName) ?? normalizeRelativePath(fileName)
    const findings: RawFinding[] = []
    const here = model.rootActivity ?? model.root
    if (MAIN.test(normalizeRelativePath(relativePath))) {
      const calls = model.invokedWorkflows.filter(
        (call) =>
          call.fileName !== undefined &&
          options.initSettingsWorkflow.test(templatePath(call.fileName.trim())),
      )
      if (calls.length === 0) {
        // A computed file name might be InitAllSettings: do not guess.
        if (model.invokedWorkflows.some((call) => call.fileName === undefined)) return []
        findings.push(findingAt(here, 'Main.xaml never invokes Framework\\InitAllSettings.xaml.'))
        return findings
      }
      if (!calls.some((call) => call.argumentNames.some((name) => options.configArgument.test(name)))) {
        const first = calls[0]
        if (first)
          findings.push(
            findingAt(
              first.activity,
              'InitAllSettings is invoked without binding its Config argument (out_Config).',
            ),
          )
      }
      return findings
    }
    // Framework/InitAllSettings.xaml itself: it must return the Config dictionary.
    const returnsConfig = model.arguments.some(
      (argument) =>
        (argument.direction === 'Out' || argument.direction === 'InOut') &&
        options.configArgument.test(argument.name) &&
        argument.typeName.startsWith(DICTIONARY_TYPE),
    )
    if (!returnsConfig)
      findings.push(
        findingAt(here, 'InitAllSettings.xaml has no Out argument out_Config of a Dictionary type.'),
      )
    return findings
  },
})
