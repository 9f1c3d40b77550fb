/**
 * FC-UIP-HCD-003 hardcoded-file-path: an absolute file-system path (drive letter, UNC share or a
 * Unix system folder) written as a constant. Doc: docs/rules/FC-UIP-HCD-003.md.
 *
 * Relative paths (`Data\Config.xlsx`, `Tests\Tests.xlsx`) are deliberately not reported: they resolve
 * against the project folder, which is deployed with the package, so they work on every robot — the
 * REFramework itself passes `Data\Config.xlsx` to InitAllSettings.
 *
 * Log Message text is written for people and never opens a file: a path quoted in a log line is
 * reported where the workflow uses it (the Use Excel File beside it), not in the sentence about it.
 */
import { defineRule } from '../rule.js'
import { regexOption } from '../rule-options.js'
import { findHardcodedValues, ignoredActivityTypesOption, siteWhere } from '../support/hardcoded-values.js'

/**
 * Absolute paths inside a string: `C:\…` or `C:/…` (not preceded by a letter or digit, so `https://`
 * is not a drive), `\\server\share`, or `/home/…`-style Unix roots (not preceded by a word character
 * or dot, so URL paths are not matched).
 */
const PATH_PATTERN =
  /(?<![A-Za-z0-9])[A-Za-z]:[\\/](?![\\/])|(?<![\\\w])\\\\[A-Za-z0-9._$-]{2,}\\[^\\\s]|(?<![\w.:/])\/(?:home|Users|var|tmp|opt|mnt|etc|usr|srv|root|media|data)\//

/** Every PATH_PATTERN match holds a `\` or a `/`: a quick test before the pattern. */
function mayHoldPath(constant: string): boolean {
  return constant.includes('/') || constant.includes('\\')
}

export const hardcodedFilePathRule = defineRule({
  ruleId: 'FC-UIP-HCD-003',
  name: 'hardcoded-file-path',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'File-system path literal in an activity.',
  recommendation:
    'Use a path relative to the project folder, or read the folder from the Config file or an asset and build the path with Path.Combine; for user and system folders use Environment.GetFolderPath or environment variables.',
  mirrors: [],
  options: {
    ignoredPathPattern: regexOption({
      default: '^$',
      description:
        'Paths to accept, e.g. `^C:\\\\Windows\\\\` to allow system executables (matched against the whole string constant; default accepts none)',
      flags: 'iu',
    }),
    ignoredActivityTypes: ignoredActivityTypesOption(
      ['ui:Comment', 'ui:LogMessage'],
      'Activity types whose values are documentation or log text, not paths the workflow opens (canonical model types)',
    ),
  },
  check(model, { options }) {
    return findHardcodedValues(
      model,
      { activityTypes: options.ignoredActivityTypes },
      (constant) =>
        mayHoldPath(constant) && PATH_PATTERN.test(constant) && !options.ignoredPathPattern.test(constant)
          ? constant
          : undefined,
      (value, site) => {
        // Show the path from where it starts (`/c del C:\temp\x` → `C:\temp\x`), not the text before it.
        const path = value.slice(value.search(PATH_PATTERN))
        const shown = path.length > 60 ? `${path.slice(0, 57)}…` : path
        return { message: `Absolute path "${shown}" hardcoded in the ${siteWhere(site)}.` }
      },
    )
  },
})
