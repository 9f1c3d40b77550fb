/**
 * Turns tracing on for the process when FLOWCERTA_OTLP_ENDPOINT is set: the OpenTelemetry trace
 * SDK with a batch processor and the OTLP/HTTP (protobuf) exporter, an AsyncLocalStorage context
 * manager so the active span follows async calls, and a parent-based ratio sampler. Spans are
 * made by spans.ts; with no endpoint nothing here runs and spans.ts stays a no-op.
 *
 * One tracing setup per process (OpenTelemetry's tracer provider and context manager are
 * process-wide): a second start while one runs is refused. stop() sends what is buffered and
 * unregisters everything, so a test process may start another afterwards.
 */
import { context, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import { VERSION } from '../version.js'
import { setTracingEnabled, tracingEnabled } from './spans.js'

export interface TracingOptions {
  /** FLOWCERTA_OTLP_ENDPOINT: the receiver's base URL; traces go to `<endpoint>/v1/traces`. */
  endpoint: string
  /** FLOWCERTA_TRACE_SAMPLE_RATIO. */
  sampleRatio: number
  /** The process role, a resource attribute (`flowcerta.role`), so one can tell processes apart. */
  role: string
  /** Batch processor delay (default 1 s); tests shorten it. */
  exportDelayMs?: number
}

export interface RunningTracing {
  /** Sends the spans still buffered (tests, before reading the receiver). */
  flush(): Promise<void>
  /** Flushes, shuts the exporter down and turns tracing off. Safe to call twice. */
  stop(): Promise<void>
}

/** The traces URL for a base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT is read by the spec. */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`
}

export function startTracing(options: TracingOptions): RunningTracing {
  if (tracingEnabled()) throw new Error('tracing is already started in this process')
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'flowcerta',
      'service.version': VERSION,
      'flowcerta.role': options.role,
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: otlpTracesUrl(options.endpoint) }),
        scheduledDelayMillis: options.exportDelayMs ?? 1_000,
      }),
    ],
  })
  const contextManager = new AsyncLocalStorageContextManager().enable()
  if (!context.setGlobalContextManager(contextManager) || !trace.setGlobalTracerProvider(provider)) {
    contextManager.disable()
    context.disable()
    throw new Error('another OpenTelemetry setup is registered in this process')
  }
  setTracingEnabled(true)
  let stopping: Promise<void> | null = null
  return {
    flush: () => provider.forceFlush(),
    stop() {
      stopping ??= (async () => {
        try {
          await provider.shutdown()
        } finally {
          setTracingEnabled(false)
          trace.disable()
          context.disable()
        }
      })()
      return stopping
    },
  }
}
