/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1 for the tracing tests: it accepts what an
 * OpenTelemetry exporter POSTs to `/v1/traces` — `application/x-protobuf` (an
 * ExportTraceServiceRequest, decoded here by a small protobuf wire-format reader over the fields of
 * opentelemetry-proto's trace.proto that the tests read) or `application/json` (the OTLP/JSON
 * mapping) — and keeps every span with its resource's attributes. Gzip bodies are inflated.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'

export type AttributeValue = string | number | boolean | null

export interface ReceivedSpan {
  traceId: string
  spanId: string
  /** '' for a root span. */
  parentSpanId: string
  name: string
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number
  attributes: Record<string, AttributeValue>
  /** The status code: 0 unset, 1 ok, 2 error. */
  statusCode: number
  resource: Record<string, AttributeValue>
}

export interface OtlpReceiver {
  /** The base URL to give as FLOWCERTA_OTLP_ENDPOINT. */
  endpoint: string
  spans: ReceivedSpan[]
  /** Every request's path and content type, to check what the exporter sent. */
  requests: { path: string; contentType: string }[]
  close(): Promise<void>
}

// --- protobuf wire format ------------------------------------------------------------------

interface Field {
  number: number
  wireType: number
  /** Varint (as bigint), fixed64/fixed32 raw bytes, or the bytes of a length-delimited field. */
  varint?: bigint
  bytes?: Buffer
}

function readVarint(buffer: Buffer, offset: number): [bigint, number] {
  let result = 0n
  let shift = 0n
  for (let at = offset; at < buffer.length; at++) {
    const byte = buffer[at]!
    result |= BigInt(byte & 0x7f) << shift
    if ((byte & 0x80) === 0) return [result, at + 1]
    shift += 7n
  }
  throw new Error('truncated varint')
}

/** The fields of one message, in order. */
function readFields(buffer: Buffer): Field[] {
  const fields: Field[] = []
  let offset = 0
  while (offset < buffer.length) {
    const [key, next] = readVarint(buffer, offset)
    offset = next
    const number = Number(key >> 3n)
    const wireType = Number(key & 7n)
    if (wireType === 0) {
      const [value, after] = readVarint(buffer, offset)
      fields.push({ number, wireType, varint: value })
      offset = after
    } else if (wireType === 1) {
      fields.push({ number, wireType, bytes: buffer.subarray(offset, offset + 8) })
      offset += 8
    } else if (wireType === 2) {
      const [length, after] = readVarint(buffer, offset)
      const end = after + Number(length)
      if (end > buffer.length) throw new Error('truncated length-delimited field')
      fields.push({ number, wireType, bytes: buffer.subarray(after, end) })
      offset = end
    } else if (wireType === 5) {
      fields.push({ number, wireType, bytes: buffer.subarray(offset, offset + 4) })
      offset += 4
    } else {
      throw new Error(`unsupported wire type ${wireType}`)
    }
  }
  return fields
}

const messages = (fields: Field[], number: number): Buffer[] =>
  fields.filter((f) => f.number === number && f.bytes !== undefined).map((f) => f.bytes!)
const first = (fields: Field[], number: number): Field | undefined => fields.find((f) => f.number === number)

/** AnyValue: string 1, bool 2, int 3, double 4 (arrays, maps and bytes are not used by Flowcerta). */
function anyValue(bytes: Buffer): AttributeValue {
  const fields = readFields(bytes)
  const value = fields[0]
  if (value === undefined) return null
  if (value.number === 1) return value.bytes!.toString('utf8')
  if (value.number === 2) return value.varint === 1n
  if (value.number === 3) return Number(BigInt.asIntN(64, value.varint!))
  if (value.number === 4) return value.bytes!.readDoubleLE(0)
  throw new Error(`unsupported AnyValue field ${value.number}`)
}

/** repeated KeyValue { key = 1; value = 2 }. */
function keyValues(list: Buffer[]): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {}
  for (const kv of list) {
    const fields = readFields(kv)
    const key = first(fields, 1)?.bytes?.toString('utf8') ?? ''
    const value = first(fields, 2)?.bytes
    attributes[key] = value === undefined ? null : anyValue(value)
  }
  return attributes
}

/** ExportTraceServiceRequest { resource_spans = 1 } → ResourceSpans { resource = 1, scope_spans = 2 }. */
function decodeProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = []
  for (const resourceSpans of messages(readFields(body), 1)) {
    const rs = readFields(resourceSpans)
    const resourceBytes = first(rs, 1)?.bytes
    const resource = resourceBytes === undefined ? {} : keyValues(messages(readFields(resourceBytes), 1))
    for (const scopeSpans of messages(rs, 2)) {
      for (const spanBytes of messages(readFields(scopeSpans), 2)) {
        // Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, attributes 9, status 15.
        const span = readFields(spanBytes)
        const statusBytes = first(span, 15)?.bytes
        spans.push({
          traceId: first(span, 1)?.bytes?.toString('hex') ?? '',
          spanId: first(span, 2)?.bytes?.toString('hex') ?? '',
          parentSpanId: first(span, 4)?.bytes?.toString('hex') ?? '',
          name: first(span, 5)?.bytes?.toString('utf8') ?? '',
          kind: Number(first(span, 6)?.varint ?? 0n),
          attributes: keyValues(messages(span, 9)),
          statusCode: statusBytes === undefined ? 0 : Number(first(readFields(statusBytes), 3)?.varint ?? 0n),
          resource,
        })
      }
    }
  }
  return spans
}

// --- OTLP/JSON -------------------------------------------------------------------------------

interface JsonKeyValue {
  key: string
  value: { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number }
}

function jsonAttributes(list: JsonKeyValue[] | undefined): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {}
  for (const { key, value } of list ?? []) {
    attributes[key] =
      value.stringValue ??
      value.boolValue ??
      (value.intValue !== undefined ? Number(value.intValue) : (value.doubleValue ?? null))
  }
  return attributes
}

function decodeJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceSpans?: {
      resource?: { attributes?: JsonKeyValue[] }
      scopeSpans?: {
        spans?: {
          traceId: string
          spanId: string
          parentSpanId?: string
          name: string
          kind?: number
          attributes?: JsonKeyValue[]
          status?: { code?: number }
        }[]
      }[]
    }[]
  }
  const spans: ReceivedSpan[] = []
  for (const rs of request.resourceSpans ?? []) {
    const resource = jsonAttributes(rs.resource?.attributes)
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        spans.push({
          traceId: span.traceId.toLowerCase(),
          spanId: span.spanId.toLowerCase(),
          parentSpanId: (span.parentSpanId ?? '').toLowerCase(),
          name: span.name,
          kind: span.kind ?? 0,
          attributes: jsonAttributes(span.attributes),
          statusCode: span.status?.code ?? 0,
          resource,
        })
      }
    }
  }
  return spans
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = []
  const requests: { path: string; contentType: string }[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const contentType = String(req.headers['content-type'] ?? '')
      requests.push({ path: req.url ?? '', contentType })
      try {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end()
          return
        }
        let body = Buffer.concat(chunks)
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body)
        if (contentType.startsWith('application/x-protobuf')) {
          spans.push(...decodeProtobuf(body))
          // An empty ExportTraceServiceResponse: full success.
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()
        } else if (contentType.startsWith('application/json')) {
          spans.push(...decodeJson(body))
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
        } else {
          res.writeHead(415).end()
        }
      } catch (error) {
        res.writeHead(400).end(String(error))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
