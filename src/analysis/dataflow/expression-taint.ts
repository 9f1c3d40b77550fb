/**
 * What one VB or C# expression reads and makes, for the data-flow analysis: the variables and
 * arguments it reads (resolved by scope; uses that cannot carry the value, such as `x.Length` or
 * `String.IsNullOrEmpty(x)`, marked neutral), and what it creates by its shape alone: a SecureString
 * converted to clear text, queue item content, a dictionary entry keyed like a password, a literal
 * credential. Computed once per expression; evaluating it against a state is then a short loop.
 *
 * This is expression *content* analysis (identifiers, member access, calls); where the model finds
 * expressions (attributes, elements, `[...]`, `ExpressionText`) is the reader's job.
 *
 * @module
 */
import { credentialShapeOf } from '../rules/support/credential-shapes.js'
import { forEachIdentifier } from '../rules/support/expression-identifiers.js'
import { expressionStrings } from '../rules/support/hardcoded-values.js'
import {
  DEFAULT_METADATA_SUFFIXES,
  DEFAULT_SECRET_WORDS,
  sensitiveNameMatcher,
} from '../rules/support/sensitive-names.js'
import type { ExpressionLanguage, XamlNode } from '../xaml/workflow-model.js'
import {
  KEYED_READ,
  NEUTRAL_CALL,
  NEUTRAL_MEMBER,
  QUEUE_CONTENT,
  SECURE_STRING_CONVERSION,
} from './taint-policy.js'
import type { FlowSymbol, WorkflowSymbols } from './workflow-symbols.js'

export interface ExpressionRead {
  readonly symbol: FlowSymbol
  /** The use cannot carry the value (`x.Length`, `IsNullOrEmpty(x)`, `CInt(x)`). */
  readonly neutral: boolean
}

export interface ExpressionShape {
  readonly reads: readonly ExpressionRead[]
  /** Converts a SecureString to clear text (`New NetworkCredential("", s).Password`). */
  readonly conversion: string | undefined
  /** Reads queue item content (`.SpecificContent`). */
  readonly queueContent: boolean
  /** Reads a dictionary entry whose key names a secret (`Config("SAP_Password")`): the key. */
  readonly secretKey: string | undefined
  /** Holds a literal credential (FC-UIP-HCD-001's shapes): its kind. */
  readonly literalCredential: string | undefined
  /** Casts to SecureString (`CType(…, SecureString)`): what it makes stays `secure`. */
  readonly makesSecureString: boolean
}

const secretNames = sensitiveNameMatcher(DEFAULT_SECRET_WORDS, DEFAULT_METADATA_SUFFIXES)
const DICTIONARY_TYPE = /Dictionary|Object$|^$/u

/*
 * Pre-tests: a literal word every match of the pattern contains (case-insensitive, as VB is), so
 * the patterns, which start with `\b` or `\.\s*` and so try nearly every position, run only on
 * the few expressions that could match. Every expression of a file may come through here.
 */
/** Every match of {@link SECURE_STRING_CONVERSION} names one of these. */
const MAY_CONVERT = /NetworkCredential|Marshal|SecureString/iu
/** Every match of {@link QUEUE_CONTENT} names it. */
const MAY_READ_QUEUE = /SpecificContent/iu

/** Every match of {@link KEYED_READ} has a `(` then a `"`: without one, no dictionary read to try. */
const MAY_READ_KEY = /\(\s*"/u

function convertsSecureString(text: string): string | undefined {
  return MAY_CONVERT.test(text) ? SECURE_STRING_CONVERSION.exec(text)?.[0] : undefined
}
function readsQueueContent(text: string): boolean {
  return MAY_READ_QUEUE.test(text) && QUEUE_CONTENT.test(text)
}

/** Reads and shapes of `text` written at `owner` (whose scope resolves the names). */
export function expressionShape(
  text: string,
  language: ExpressionLanguage,
  owner: XamlNode | undefined,
  symbols: WorkflowSymbols,
): ExpressionShape {
  const reads: ExpressionRead[] = []
  forEachIdentifier(text, language, (identifier, start) => {
    const symbol = symbols.resolve(identifier, owner)
    if (symbol === undefined) return
    const after = text.slice(start + identifier.length, start + identifier.length + 40)
    const before = text.slice(Math.max(0, start - 40), start)
    reads.push({ symbol, neutral: NEUTRAL_MEMBER.test(after) || NEUTRAL_CALL.test(before) })
  })
  let secretKey: string | undefined
  if (text.includes('"') && MAY_READ_KEY.test(text)) {
    for (const match of text.matchAll(KEYED_READ)) {
      const dictionary = symbols.resolve(match[1] ?? '', owner)
      const key = match[2] ?? ''
      if (
        dictionary !== undefined &&
        DICTIONARY_TYPE.test(dictionary.typeName) &&
        secretNames.isSensitive(key)
      ) {
        secretKey = key
        break
      }
    }
  }
  let literalCredential: string | undefined
  if (text.includes('"')) {
    for (const value of expressionStrings(text, language)) {
      literalCredential = credentialShapeOf(value)
      if (literalCredential !== undefined) break
    }
  }
  const conversion = convertsSecureString(text)
  return {
    reads,
    conversion: conversion?.replace(/\s+/g, ' '),
    queueContent: readsQueueContent(text),
    secretKey,
    literalCredential,
    makesSecureString: /\bSecureString\b/u.test(text) && conversion === undefined,
  }
}

/**
 * A cheap test of expression text (no name resolution): can it make a taint without reading one
 * (queue item content, a setting keyed like a secret, a literal credential)? May say yes where
 * {@link expressionShape} finds nothing; never says no where it finds a source.
 */
export function mayBeSourceText(text: string, language: ExpressionLanguage): boolean {
  if (readsQueueContent(text)) return true
  if (!text.includes('"')) return false
  if (MAY_READ_KEY.test(text)) {
    for (const match of text.matchAll(KEYED_READ)) if (secretNames.isSensitive(match[2] ?? '')) return true
  }
  return expressionStrings(text, language).some((value) => credentialShapeOf(value) !== undefined)
}
