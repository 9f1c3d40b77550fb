/**
 * Tiny glob matching for a rule's `appliesTo`: patterns are matched against the workflow's path
 * relative to its project root (the folder holding project.json), with `/` separators and
 * case-insensitively (UiPath projects come from Windows). `*` matches within one path segment,
 * `**\/` matches any number of leading folders. Examples: `Main.xaml`, `Framework/*.xaml`,
 * `**\/Tests/*.xaml`.
 */

const cache = new Map<string, RegExp>()

function compile(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!
    if (char === '*' && pattern[i + 1] === '*' && pattern[i + 2] === '/') {
      source += '(?:[^/]+/)*'
      i += 2
    } else if (char === '*') {
      source += '[^/]*'
    } else if (char === '?') {
      source += '[^/]'
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    }
  }
  return new RegExp(`^${source}$`, 'i')
}

/** Normalises a path to the form patterns are matched against: `/` separators, no leading `./`. */
export function normalizeRelativePath(path: string): string {
  return path.replaceAll('\\', '/').replace(/^(?:\.\/)+/, '')
}

/** True when `relativePath` matches at least one of `patterns`. */
export function matchesPathPattern(relativePath: string, patterns: readonly string[]): boolean {
  const path = normalizeRelativePath(relativePath)
  return patterns.some((pattern) => {
    let regex = cache.get(pattern)
    if (!regex) {
      regex = compile(pattern)
      cache.set(pattern, regex)
    }
    return regex.test(path)
  })
}
