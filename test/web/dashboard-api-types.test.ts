/**
 * The dashboard's API types (web/src/api/types.ts, web/src/pages/webhooks/webhook-types.ts,
 * web/src/api/session.ts) restate the API's bodies by hand; this keeps them in step with the
 * OpenAPI document the API serves. For each type, read with the TypeScript compiler, against the
 * response schema of the operation it mirrors, recursively into nested objects and arrays:
 * - every field the dashboard names is in the schema (no typo, no renamed or dropped field);
 * - a field the dashboard reads as always there (not optional) is required by the schema;
 * - a field the schema lets be null is nullable in the dashboard type too;
 * - strings, numbers and booleans agree, and a union of string literals names every enum value.
 * The dashboard names only the fields its pages use, so fields it leaves out are fine.
 */
import path from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../helpers/run-cli.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'

interface Schema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  oneOf?: Schema[]
  anyOf?: Schema[]
  allOf?: Schema[]
  additionalProperties?: boolean | Schema
}
interface Document {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >
  components?: { schemas?: Record<string, Schema> }
}

/** Which response each dashboard type mirrors; `item`: one element of a page's `items`. */
const MIRRORS: { file: string; type: string; method: string; path: string; status: string; item?: true }[] = [
  {
    file: 'web/src/api/types.ts',
    type: 'ResultSummary',
    method: 'get',
    path: '/api/v1/results',
    status: '200',
    item: true,
  },
  {
    file: 'web/src/api/types.ts',
    type: 'ResultDetail',
    method: 'get',
    path: '/api/v1/results/{id}',
    status: '200',
  },
  {
    file: 'web/src/api/types.ts',
    type: 'RiskException',
    method: 'get',
    path: '/api/v1/exceptions/{id}',
    status: '200',
  },
  {
    file: 'web/src/api/types.ts',
    type: 'RiskException',
    method: 'get',
    path: '/api/v1/exceptions',
    status: '200',
    item: true,
  },
  {
    file: 'web/src/api/types.ts',
    type: 'HistoryPoint',
    method: 'get',
    path: '/api/v1/projects/{name}/history',
    status: '200',
    item: true,
  },
  {
    file: 'web/src/api/types.ts',
    type: 'ProjectSummary',
    method: 'get',
    path: '/api/v1/projects',
    status: '200',
    item: true,
  },
  {
    file: 'web/src/api/types.ts',
    type: 'PolicyPackSummary',
    method: 'get',
    path: '/api/v1/policy-packs',
    status: '200',
    item: true,
  },
  { file: 'web/src/api/types.ts', type: 'Overview', method: 'get', path: '/api/v1/overview', status: '200' },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'Webhook',
    method: 'get',
    path: '/api/v1/org-webhooks/{id}',
    status: '200',
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'Webhook',
    method: 'get',
    path: '/api/v1/org-webhooks',
    status: '200',
    item: true,
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'WebhookWithSecret',
    method: 'post',
    path: '/api/v1/org-webhooks',
    status: '201',
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'WebhookWithSecret',
    method: 'post',
    path: '/api/v1/org-webhooks/{id}/rotate-secret',
    status: '200',
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'Delivery',
    method: 'get',
    path: '/api/v1/org-webhooks/{id}/deliveries',
    status: '200',
    item: true,
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'DeliveryWithAttempts',
    method: 'get',
    path: '/api/v1/deliveries/{id}',
    status: '200',
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'TestOutcome',
    method: 'post',
    path: '/api/v1/org-webhooks/{id}/test',
    status: '200',
  },
  {
    file: 'web/src/pages/webhooks/webhook-types.ts',
    type: 'EventType',
    method: 'get',
    path: '/api/v1/event-types',
    status: '200',
    item: true,
  },
  { file: 'web/src/api/session.ts', type: 'Me', method: 'get', path: '/api/v1/me', status: '200' },
  {
    file: 'web/src/api/session.ts',
    type: 'SessionBody',
    method: 'get',
    path: '/api/v1/sessions/current',
    status: '200',
  },
]

const FILES = [...new Set(MIRRORS.map((mirror) => mirror.file))]

/** One compiler program over the dashboard's type files, strict as web/tsconfig.json. */
function dashboardTypes(): { checker: ts.TypeChecker; find(file: string, name: string): ts.Type } {
  const program = ts.createProgram(
    FILES.map((file) => path.join(PROJECT_ROOT, file)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.Preserve,
      skipLibCheck: true,
    },
  )
  const checker = program.getTypeChecker()
  return {
    checker,
    find(file, name) {
      const source = program.getSourceFile(path.join(PROJECT_ROOT, file))
      const module = source === undefined ? undefined : checker.getSymbolAtLocation(source)
      const symbol =
        module === undefined ? undefined : checker.getExportsOfModule(module).find((s) => s.name === name)
      if (symbol === undefined) throw new Error(`${file} exports no ${name}`)
      return checker.getDeclaredTypeOfSymbol(symbol)
    },
  }
}

function resolve(document: Document, schema: Schema): Schema {
  let current = schema
  for (let depth = 0; current.$ref !== undefined && depth < 20; depth++) {
    const name = decodeURIComponent(current.$ref.replace(/^#\/components\/schemas\//, ''))
    const target = document.components?.schemas?.[name]
    if (target === undefined) throw new Error(`unresolved $ref ${current.$ref}`)
    current = target
  }
  return current
}

/** The schema's alternatives (oneOf/anyOf), or itself. */
function alternatives(document: Document, schema: Schema): Schema[] {
  const resolved = resolve(document, schema)
  const options = resolved.oneOf ?? resolved.anyOf
  return options === undefined ? [resolved] : options.flatMap((option) => alternatives(document, option))
}

function typesOf(schema: Schema): string[] {
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type : [schema.type]
  if (schema.const === null) return ['null']
  return []
}

const allowsNull = (document: Document, schema: Schema) =>
  alternatives(document, schema).some((option) => typesOf(option).includes('null'))

/** Differences between a dashboard type and the schema, as `<where>: <what>` lines. */
function compare(
  document: Document,
  checker: ts.TypeChecker,
  type: ts.Type,
  schema: Schema,
  where: string,
  problems: string[],
): void {
  const parts = type.isUnion() ? type.types : [type]
  const nullable = parts.some((part) => (part.flags & ts.TypeFlags.Null) !== 0)
  if (allowsNull(document, schema) && !nullable)
    problems.push(`${where}: the API may send null; the dashboard type is not nullable`)
  const present = parts.filter((part) => (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) === 0)
  const options = alternatives(document, schema).filter(
    (option) => !(typesOf(option).length === 1 && typesOf(option)[0] === 'null'),
  )
  const schemaTypes = new Set(options.flatMap(typesOf))
  if (present.length === 0 || options.length === 0) return
  const first = present[0] as ts.Type
  if (present.every((part) => (part.flags & ts.TypeFlags.StringLike) !== 0)) {
    if (!schemaTypes.has('string') && schemaTypes.size > 0)
      problems.push(`${where}: string in the dashboard, ${[...schemaTypes]} in the API`)
    const literals = present
      .filter((part) => part.isStringLiteral())
      .map((part) => (part as ts.StringLiteralType).value)
    if (literals.length === present.length) {
      const values = options.flatMap(
        (option) => option.enum ?? (option.const === undefined ? [] : [option.const]),
      )
      const missing = values.filter((value) => typeof value === 'string' && !literals.includes(value))
      if (missing.length > 0)
        problems.push(
          `${where}: the API may send ${missing.join(', ')}, which the dashboard type does not name`,
        )
    }
    return
  }
  if (present.every((part) => (part.flags & ts.TypeFlags.NumberLike) !== 0)) {
    if (!schemaTypes.has('number') && !schemaTypes.has('integer') && schemaTypes.size > 0)
      problems.push(`${where}: number in the dashboard, ${[...schemaTypes]} in the API`)
    return
  }
  if (present.every((part) => (part.flags & ts.TypeFlags.BooleanLike) !== 0)) {
    if (!schemaTypes.has('boolean') && schemaTypes.size > 0)
      problems.push(`${where}: boolean in the dashboard, ${[...schemaTypes]} in the API`)
    return
  }
  if (present.length > 1) {
    problems.push(`${where}: a union the test does not read (${checker.typeToString(type)})`)
    return
  }
  if (checker.isArrayType(first)) {
    const array = options.find((option) => typesOf(option).includes('array'))
    if (array === undefined) {
      problems.push(`${where}: an array in the dashboard, ${[...schemaTypes]} in the API`)
      return
    }
    const element = checker.getTypeArguments(first as ts.TypeReference)[0]
    if (element !== undefined && array.items !== undefined)
      compare(document, checker, element, array.items, `${where}[]`, problems)
    return
  }
  if ((first.flags & ts.TypeFlags.Object) !== 0) {
    const object = options.find(
      (option) => typesOf(option).includes('object') || option.properties !== undefined,
    )
    if (object === undefined) {
      problems.push(`${where}: an object in the dashboard, ${[...schemaTypes]} in the API`)
      return
    }
    // Record<string, T> and index signatures: the API's free-form maps (headers, counts).
    if (object.properties === undefined) return
    for (const property of checker.getPropertiesOfType(first)) {
      const name = property.name
      const at = `${where}.${name}`
      const field = object.properties[name]
      if (field === undefined) {
        problems.push(`${at}: not in the API's schema`)
        continue
      }
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0
      if (!optional && !(object.required ?? []).includes(name))
        problems.push(`${at}: required by the dashboard type, optional in the API`)
      const declaration = property.valueDeclaration ?? property.declarations?.[0]
      if (declaration === undefined) continue
      // An optional property's `undefined` is passed over like null: `present` leaves both out.
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration)
      compare(document, checker, propertyType, field, at, problems)
    }
  }
}

describe('the dashboard API types match the OpenAPI document', () => {
  let app: TestApp
  let document: Document
  beforeAll(async () => {
    // The document does not depend on the engine.
    app = await openTestApp('sqlite')
    document = (await app.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
  }, 60_000)
  afterAll(() => app?.close())

  it('names only fields the API sends, required where the dashboard relies on them, nullable where the API sends null', () => {
    const { checker, find } = dashboardTypes()
    const problems: string[] = []
    for (const mirror of MIRRORS) {
      const response = document.paths[mirror.path]?.[mirror.method]?.responses[mirror.status]
      let schema = response?.content?.['application/json']?.schema
      if (schema === undefined) {
        problems.push(
          `${mirror.method.toUpperCase()} ${mirror.path} ${mirror.status}: no JSON response in the document`,
        )
        continue
      }
      if (mirror.item === true) {
        const items = resolve(document, schema).properties?.items
        schema = items === undefined ? undefined : resolve(document, items).items
        if (schema === undefined) {
          problems.push(`${mirror.method.toUpperCase()} ${mirror.path}: no items in the page schema`)
          continue
        }
      }
      compare(
        document,
        checker,
        find(mirror.file, mirror.type),
        schema,
        `${mirror.type} (${mirror.method.toUpperCase()} ${mirror.path})`,
        problems,
      )
    }
    expect(problems).toEqual([])
  })

  it('catches a field the API does not send, and one it may omit', () => {
    const problems: string[] = []
    const { checker, find } = dashboardTypes()
    const schema: Schema = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, description: { type: ['string', 'null'] } },
    }
    // EventType is {name: string; description: string}: description may be omitted and null here.
    compare(
      { paths: {} },
      checker,
      find('web/src/pages/webhooks/webhook-types.ts', 'EventType'),
      schema,
      'EventType',
      problems,
    )
    expect(problems).toEqual([
      'EventType.description: required by the dashboard type, optional in the API',
      'EventType.description: the API may send null; the dashboard type is not nullable',
    ])
    const renamed: Schema = { type: 'object', required: ['title'], properties: { title: { type: 'string' } } }
    const more: string[] = []
    compare(
      { paths: {} },
      checker,
      find('web/src/pages/webhooks/webhook-types.ts', 'EventType'),
      renamed,
      'EventType',
      more,
    )
    expect(more).toEqual([
      "EventType.name: not in the API's schema",
      "EventType.description: not in the API's schema",
    ])
  })
})
