/**
 * The spans Flowcerta makes, and the one switch that keeps them free when tracing is off.
 *
 * Tracing is on only after startTracing() (start-tracing.ts) ran with an OTLP endpoint. Until then
 * `withSpan` calls its function directly — one boolean test, no span object, no context switch —
 * and `activeTraceparent` returns null, so nothing is stored with the deliveries either.
 *
 * The trace context crosses the database as a W3C `traceparent` string
 * (`00-<trace id>-<span id>-<flags>`), stored in `deliveries.trace_context` by the outbox fan-out:
 * a delivery worker in another process continues the request's trace from it.
 *
 * Attributes never carry secrets, keys, request bodies or full webhook URLs (a Slack or Teams
 * incoming-webhook URL is itself a secret): only ids, names, counts, status codes and a host.
 */
import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api'
import { parseTraceParent } from '@opentelemetry/core'
import { VERSION } from '../version.js'

/** Span names, in one place (docs/operations.md lists them). */
export const SPAN_NAMES = Object.freeze({
  /** The analysis of a submitted file or project (child of the request). */
  analysis: 'flowcerta.analysis',
  /** The transaction that stores a validation's result and writes its events (the outbox). */
  storeValidation: 'flowcerta.validation.store',
  /** One event written to the outbox with its delivery rows; deliveries keep this span's context. */
  outboxRecord: 'flowcerta.outbox.record',
  /** One webhook delivery attempt, in the worker (or the test send), child of the outbox span. */
  deliveryAttempt: 'flowcerta.webhook.attempt',
  /** A scheduled job's run: `flowcerta.job <name>`. */
  job: 'flowcerta.job',
} as const)

let enabled = false

/** Whether spans are recorded (set by startTracing / stopTracing only). */
export function tracingEnabled(): boolean {
  return enabled
}

/** For start-tracing.ts: turns span making on or off for the process. */
export function setTracingEnabled(value: boolean): void {
  enabled = value
}

function tracer() {
  return trace.getTracer('flowcerta', VERSION)
}

export interface SpanOptions {
  attributes?: Attributes
  kind?: SpanKind
  /** Parent context; default: the active one. */
  parent?: Context
}

/**
 * Runs `fn` inside a new active span that ends when `fn` settles; a throw marks the span as an
 * error (its class only: messages may quote input) and is rethrown. With tracing off, `fn` runs
 * directly and gets `undefined`.
 */
export function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  // Not an async function: with tracing off this adds no promise and no frame of its own.
  if (!enabled) return fn(undefined)
  return runInSpan(name, options, fn)
}

async function runInSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active()
  const span = tracer().startSpan(
    name,
    { kind: options.kind, ...(options.attributes === undefined ? {} : { attributes: options.attributes }) },
    parent,
  )
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span))
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR })
    span.setAttribute('error.type', error instanceof Error ? error.constructor.name : typeof error)
    throw error
  } finally {
    span.end()
  }
}

/** Starts a span that the caller ends (for spans that outlive one function: an HTTP request). */
export function startSpan(name: string, options: SpanOptions): Span | undefined {
  if (!enabled) return undefined
  return tracer().startSpan(
    name,
    { kind: options.kind, ...(options.attributes === undefined ? {} : { attributes: options.attributes }) },
    options.parent ?? context.active(),
  )
}

/** The active span's context as a W3C traceparent, or null (tracing off, or no span active). */
export function activeTraceparent(): string | null {
  if (!enabled) return null
  const spanContext = trace.getSpan(context.active())?.spanContext()
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return null
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`
}

/**
 * The context to continue a stored or received traceparent in: a remote parent, or the root
 * context when there is none or it does not parse (a bad header starts a new trace, never fails).
 */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (typeof traceparent !== 'string') return ROOT_CONTEXT
  const spanContext = parseTraceParent(traceparent)
  if (spanContext === null) return ROOT_CONTEXT
  return trace.setSpanContext(ROOT_CONTEXT, { ...spanContext, isRemote: true })
}
