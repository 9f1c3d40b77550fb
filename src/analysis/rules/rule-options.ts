/**
 * Typed, validated rule options. A rule declares its options as a record of option specs built
 * with the helpers below (`integerOption`, `regexOption`, ...); each spec carries a JSON default,
 * a description (shown in the rule's doc page) and a parser that turns a raw JSON value from a
 * policy pack into the typed value the rule's `check` receives. Invalid values throw
 * `RuleOptionError` when the pack is loaded, never while a workflow is analysed.
 */

/** Thrown when a policy pack gives a rule an option value it cannot accept. */
export class RuleOptionError extends Error {
  override readonly name = 'RuleOptionError'
}

/** One option: its JSON default, what it means, and how to read a raw value into type `T`. */
export interface OptionSpec<T> {
  readonly kind: 'integer' | 'number' | 'string' | 'boolean' | 'regex' | 'stringList'
  readonly description: string
  /** The default as plain JSON (what a pack would write), parsed like any other value. */
  readonly default: unknown
  /** Reads a raw JSON value; throws RuleOptionError with a message naming `path`. */
  parse(raw: unknown, path: string): T
}

/** A rule's option specs, keyed by option name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec<unknown>>>

/** The typed options object a rule's `check` receives for specs `S`. */
export type RuleOptions<S extends OptionSpecs> = {
  readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value)
}

/** A whole number within optional bounds, e.g. a nesting-depth threshold. */
export function integerOption(spec: {
  default: number
  description: string
  min?: number
  max?: number
}): OptionSpec<number> {
  return {
    kind: 'integer',
    description: spec.description,
    default: spec.default,
    parse(raw, path) {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) {
        throw new RuleOptionError(`${path} must be an integer, got ${describe(raw)}`)
      }
      if (spec.min !== undefined && raw < spec.min) {
        throw new RuleOptionError(`${path} must be >= ${spec.min}, got ${raw}`)
      }
      if (spec.max !== undefined && raw > spec.max) {
        throw new RuleOptionError(`${path} must be <= ${spec.max}, got ${raw}`)
      }
      return raw
    },
  }
}

/** Any finite number within optional bounds. */
export function numberOption(spec: {
  default: number
  description: string
  min?: number
  max?: number
}): OptionSpec<number> {
  return {
    kind: 'number',
    description: spec.description,
    default: spec.default,
    parse(raw, path) {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        throw new RuleOptionError(`${path} must be a finite number, got ${describe(raw)}`)
      }
      if (spec.min !== undefined && raw < spec.min) {
        throw new RuleOptionError(`${path} must be >= ${spec.min}, got ${raw}`)
      }
      if (spec.max !== undefined && raw > spec.max) {
        throw new RuleOptionError(`${path} must be <= ${spec.max}, got ${raw}`)
      }
      return raw
    },
  }
}

/** A string, optionally restricted to a fixed set of values. */
export function stringOption(spec: {
  default: string
  description: string
  oneOf?: readonly string[]
}): OptionSpec<string> {
  return {
    kind: 'string',
    description: spec.description,
    default: spec.default,
    parse(raw, path) {
      if (typeof raw !== 'string') throw new RuleOptionError(`${path} must be a string, got ${describe(raw)}`)
      if (spec.oneOf && !spec.oneOf.includes(raw)) {
        throw new RuleOptionError(`${path} must be one of ${spec.oneOf.join(', ')}, got ${describe(raw)}`)
      }
      return raw
    },
  }
}

export function booleanOption(spec: { default: boolean; description: string }): OptionSpec<boolean> {
  return {
    kind: 'boolean',
    description: spec.description,
    default: spec.default,
    parse(raw, path) {
      if (typeof raw !== 'boolean')
        throw new RuleOptionError(`${path} must be true or false, got ${describe(raw)}`)
      return raw
    },
  }
}

/** A list of strings, e.g. activity type names to allow. */
export function stringListOption(spec: {
  default: readonly string[]
  description: string
}): OptionSpec<readonly string[]> {
  return {
    kind: 'stringList',
    description: spec.description,
    default: spec.default,
    parse(raw, path) {
      if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string')) {
        throw new RuleOptionError(`${path} must be an array of strings, got ${describe(raw)}`)
      }
      return Object.freeze([...raw])
    },
  }
}

/**
 * A regular expression written as a JavaScript pattern string (no slashes), compiled with
 * `flags` (default `u`; add `i` for case-insensitive). An invalid pattern is a load-time error.
 */
export function regexOption(spec: {
  default: string
  description: string
  flags?: string
}): OptionSpec<RegExp> {
  const flags = spec.flags ?? 'u'
  return {
    kind: 'regex',
    description: spec.flags ? `${spec.description} (flags: ${flags})` : spec.description,
    default: spec.default,
    parse(raw, path) {
      if (typeof raw !== 'string') {
        throw new RuleOptionError(`${path} must be a regular expression string, got ${describe(raw)}`)
      }
      try {
        return new RegExp(raw, flags)
      } catch (error) {
        throw new RuleOptionError(`${path} is not a valid regular expression: ${(error as Error).message}`)
      }
    },
  }
}

/**
 * Resolves a rule's options: defaults from `specs`, overridden by `overrides` (from a pack).
 * Unknown option names are rejected so a typo in a pack is caught at load time.
 */
export function resolveRuleOptions<S extends OptionSpecs>(
  specs: S,
  overrides: Readonly<Record<string, unknown>> | undefined,
  where: string,
): RuleOptions<S> {
  const resolved: Record<string, unknown> = {}
  for (const name of Object.keys(overrides ?? {})) {
    if (!Object.hasOwn(specs, name)) {
      const known = Object.keys(specs)
      throw new RuleOptionError(
        `${where}: unknown option "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (the rule has no options)'}`,
      )
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const raw = overrides && Object.hasOwn(overrides, name) ? overrides[name] : spec.default
    resolved[name] = spec.parse(raw, `${where}: option "${name}"`)
  }
  return Object.freeze(resolved) as RuleOptions<S>
}
