/**
 * Identifier scanning for VB and C# workflow expressions, shared by rules that ask "is this name
 * used?" (unused variables, unused arguments). Not a parser: a single linear scan that yields the
 * identifiers an expression *could* read or write as a variable, skipping what cannot be one:
 * - text inside string literals (`"in_Config"` is a dictionary key, not a use), VB `""` and C# `\"`
 *   escapes, C# verbatim `@"…"` strings and char literals;
 * - but NOT the holes of interpolated strings (`$"Hello {name}"`): those are code, so `name` is used;
 * - member names after a dot (`TransactionItem.SpecificContent` yields only `TransactionItem`);
 * - comments (VB `'` / `REM`-less form only; C# `//` and block comments).
 *
 * @module
 */
import type { ExpressionLanguage } from '../../xaml/workflow-model.js'

function isIdentStart(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127 // A-Z a-z _ non-ASCII letters
  )
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57)
}

/**
 * Calls `fn` with every identifier of `text` that is not a member name, not inside a string literal
 * (interpolation holes excepted) and not inside a comment. VB identifiers are passed lower-cased
 * (VB is case-insensitive); C# identifiers as written; `start` is the identifier's index in `text`
 * (the data-flow analysis looks at what surrounds a use). Never throws; linear in `text.length`.
 */
export function forEachIdentifier(
  text: string,
  language: ExpressionLanguage,
  fn: (identifier: string, start: number) => void,
): void {
  const vb = language === 'VisualBasic'
  const n = text.length
  // Brace depth of each open interpolated string: when a `}` closes a hole we resume the string.
  const holes: number[] = []
  let braceDepth = 0
  let i = 0
  // Skips a string body starting after its opening quote; returns the index after the closing quote,
  // or, for an interpolated string, the index after a `{` that opens a hole (pushing it on `holes`).
  const skipString = (from: number, interpolated: boolean, verbatim: boolean): number => {
    let j = from
    while (j < n) {
      const c = text.charCodeAt(j)
      if (c === 34 /* " */) {
        if ((vb || verbatim) && text.charCodeAt(j + 1) === 34) {
          j += 2 // "" escape
          continue
        }
        return j + 1
      }
      if (!vb && !verbatim && c === 92 /* \ */) {
        j += 2
        continue
      }
      if (interpolated && c === 123 /* { */) {
        if (text.charCodeAt(j + 1) === 123) {
          j += 2 // {{ escape
          continue
        }
        holes.push(braceDepth)
        braceDepth++
        return j + 1
      }
      j++
    }
    return n
  }
  let afterDot = false
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      i = skipString(i + 1, false, false)
      afterDot = false
      continue
    }
    if ((c === 36 /* $ */ || c === 64) /* @ */ && i + 1 < n) {
      // $"…", @"…", $@"…", @$"…"
      let j = i
      let interpolated = false
      let verbatim = false
      while (j < n && (text.charCodeAt(j) === 36 || text.charCodeAt(j) === 64)) {
        if (text.charCodeAt(j) === 36) interpolated = true
        else verbatim = true
        j++
      }
      if (text.charCodeAt(j) === 34) {
        i = skipString(j + 1, interpolated, verbatim && !vb)
        afterDot = false
        continue
      }
      if (c === 64 && !vb && j < n && isIdentStart(text.charCodeAt(j))) {
        i = j // C# @identifier: scan the identifier itself
        continue
      }
      i = j
      continue
    }
    if (c === 125 /* } */ && holes.length > 0 && braceDepth - 1 === holes[holes.length - 1]) {
      // End of an interpolation hole: back into the string.
      holes.pop()
      braceDepth--
      i = skipString(i + 1, true, false)
      afterDot = false
      continue
    }
    if (c === 123 /* { */) braceDepth++
    else if (c === 125 /* } */ && braceDepth > 0) braceDepth--
    if (c === 39 /* ' */) {
      if (vb) {
        const eol = text.indexOf('\n', i)
        i = eol < 0 ? n : eol + 1 // VB comment
      } else {
        // C# char literal: 'a', '\''
        let j = i + 1
        while (j < n && text.charCodeAt(j) !== 39) j += text.charCodeAt(j) === 92 ? 2 : 1
        i = j + 1
      }
      afterDot = false
      continue
    }
    if (!vb && c === 47 /* / */) {
      const next = text.charCodeAt(i + 1)
      if (next === 47) {
        const eol = text.indexOf('\n', i)
        i = eol < 0 ? n : eol + 1
        continue
      }
      if (next === 42) {
        const end = text.indexOf('*/', i + 2)
        i = end < 0 ? n : end + 2
        continue
      }
    }
    if (isIdentStart(c)) {
      let j = i + 1
      while (j < n && isIdentPart(text.charCodeAt(j))) j++
      if (!afterDot) {
        const word = text.slice(i, j)
        fn(vb ? word.toLowerCase() : word, i)
      }
      afterDot = false
      i = j
      continue
    }
    if (c === 46 /* . */) {
      afterDot = true
    } else if (c === 63 /* ? */ && text.charCodeAt(i + 1) === 46) {
      afterDot = true // ?. null-conditional member access
      i++
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      afterDot = false
    }
    i++
  }
}
