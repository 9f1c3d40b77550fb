/**
 * Issue 16, item 4: hostile Power Automate and Blue Prism uploads through the real API (a
 * listening server, multipart as curl -F sends it, the service's pool shape with its default
 * thread memory limit). Each is refused with its typed code and status from the error catalogue
 * (JSON: depth, size, string length, members, duplicate keys, bad UTF-8; XML: DOCTYPE, internal and
 * external entities, depth, huge attributes), quickly, storing nothing, without echoing what an
 * entity would have pulled in; a bad flow inside a solution zip fails that flow only; and a thread
 * that runs out of memory on a flow fails only its own request. The readers' own limits are tested
 * in src/analysis/power-automate/json-document.test.ts and blue-prism/read-blue-prism.test.ts.
 *
 * Engine: SQLite only — nothing here depends on the store (a refused file stores nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnalysisPool } from '../../src/analysis/analysis-pool.js'
import { DEFAULT_BLUE_PRISM_LIMITS } from '../../src/analysis/blue-prism/blue-prism-limits.js'
import { DEFAULT_FLOW_LIMITS } from '../../src/analysis/power-automate/flow-limits.js'
import { ERROR_CATALOGUE } from '../../src/domain/errors/error-catalogue.js'
import { zipFiles } from '../../src/input/archive/zip-writer.js'
import { type HostileApi, openHostileApi, postFile } from '../helpers/hostile-api.js'
import type { TestApp } from '../helpers/test-app.js'
import { countValidations } from '../helpers/validation-test-kit.js'

/** Generous: shared CI cores run several suites at once. */
const REFUSAL_WALL_MS = 10_000

interface Answer {
  status: number
  body: {
    error?: { code: string; message: string; details: Record<string, unknown>[] }
    platform?: string
    passed?: boolean
    project?: { files: Array<{ path: string; error: { code: string } | null }> }
  }
  ms: number
}

const flow = (actions: string) =>
  `{"properties":{"definition":{"triggers":{"manual":{"type":"Request","kind":"Button"}},"actions":{${actions}}}}}`
const COMPOSE = '"Compose_total":{"type":"Compose","inputs":1}'
const process = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<process name="P" bpversion="6.10.1">\n${body}\n</process>`

/** name, file name, bytes, status, code, the limit named (when a limit was crossed). */
const REFUSALS: Array<[string, string, string | Buffer, string, string?]> = [
  [
    'a flow nested 100,000 deep',
    'deep.json',
    `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
    'FLOW_TOO_DEEP',
    'maxDepth',
  ],
  [
    'a flow with a string past the limit',
    'string.json',
    flow(
      `"Compose_note":{"type":"Compose","inputs":"${'x'.repeat(DEFAULT_FLOW_LIMITS.maxStringLength + 1)}"}`,
    ),
    'FLOW_TOO_LARGE',
    'maxStringLength',
  ],
  [
    'a flow with an object past the member limit',
    'wide.json',
    flow(
      `"Compose_wide":{"type":"Compose","inputs":{${Array.from({ length: DEFAULT_FLOW_LIMITS.maxMembers + 1 }, (_, i) => `"k${i}":0`).join(',')}}}`,
    ),
    'FLOW_TOO_LARGE',
    'maxMembers',
  ],
  [
    'a flow naming one action twice',
    'twice.json',
    flow(
      `${COMPOSE},\n"Compose_total":{"type":"Http","inputs":{"method":"DELETE","uri":"https://example.org"}}`,
    ),
    'FLOW_JSON_DUPLICATE_KEY',
  ],
  [
    'a flow that is not UTF-8',
    'latin1.json',
    Buffer.from([0x7b, 0x22, 0xe9, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    'FLOW_ENCODING_ERROR',
  ],
  ['a flow cut off', 'cut.json', flow(COMPOSE).slice(0, 60), 'FLOW_JSON_INVALID'],
  [
    'a process with an internal entity bomb',
    'laughs.bpprocess',
    `<?xml version="1.0"?>\n<!DOCTYPE process [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<process name="&c;" bpversion="6.10.1"></process>`,
    'BLUE_PRISM_DTD_FORBIDDEN',
  ],
  [
    'a release with an external entity',
    'xxe.bprelease',
    `<?xml version="1.0"?>\n<!DOCTYPE bpr:release [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<bpr:release xmlns:bpr="http://www.blueprism.co.uk/product/release"><bpr:name>&secret;</bpr:name></bpr:release>`,
    'BLUE_PRISM_DTD_FORBIDDEN',
  ],
  [
    'a process nested past the depth limit',
    'deep.bpprocess',
    process(
      `${'<x>'.repeat(DEFAULT_BLUE_PRISM_LIMITS.maxDepth + 5)}${'</x>'.repeat(DEFAULT_BLUE_PRISM_LIMITS.maxDepth + 5)}`,
    ),
    'BLUE_PRISM_TOO_DEEP',
    'maxDepth',
  ],
  [
    'a process with a huge attribute',
    'huge.bpprocess',
    process(
      `<stage stageid="s1" name="${'n'.repeat(DEFAULT_BLUE_PRISM_LIMITS.maxAttributeValueChars + 1)}" type="Start" />`,
    ),
    'BLUE_PRISM_TOO_LARGE',
    'maxAttributeValueChars',
  ],
  [
    'a process that is not well-formed',
    'broken.bpprocess',
    process('<stage stageid="s1"'),
    'BLUE_PRISM_PARSE_ERROR',
  ],
]

describe('hostile Power Automate and Blue Prism uploads through the API', () => {
  let api: HostileApi
  let t: TestApp
  beforeAll(async () => {
    api = await openHostileApi()
    t = api.t
  })
  afterAll(() => api.close())

  const submitTo = (url: string, key: string, fileName: string, content: string | Buffer) =>
    postFile<Answer['body']>(url, key, fileName, content)
  const submit = (fileName: string, content: string | Buffer) =>
    submitTo(api.base, t.orgA.memberKey, fileName, content)

  it.each(
    REFUSALS.map(([name, fileName, content, code, limit]) => ({ name, fileName, content, code, limit })),
  )(
    '$name ($fileName) is refused with $code, its status, quickly, storing nothing',
    async ({ fileName, content, code, limit }) => {
      const before = await countValidations(t, t.orgA.orgId)
      const answer = await submit(fileName, content)
      expect(answer.body.error?.code, JSON.stringify(answer.body).slice(0, 500)).toBe(code)
      expect(answer.status).toBe(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status)
      if (limit !== undefined)
        expect(answer.body.error?.details).toContainEqual(expect.objectContaining({ limit }))
      expect(answer.ms).toBeLessThan(REFUSAL_WALL_MS)
      expect(JSON.stringify(answer.body)).not.toContain('root:x:0:0')
      expect(await countValidations(t, t.orgA.orgId)).toBe(before)
    },
  )

  it('a duplicate key is located (line and column of the second)', async () => {
    const answer = await submit(
      'twice.json',
      flow(`${COMPOSE},\n"Compose_total":{"type":"Compose","inputs":2}`),
    )
    expect(answer.body.error?.details).toContainEqual(expect.objectContaining({ line: 2, column: 1 }))
  })

  it('a solution whose one flow is hostile: that flow is listed with its error, the others analysed, the result fails', async () => {
    const zip = zipFiles([
      {
        path: 'solution.xml',
        content: Buffer.from(
          '<ImportExportXml><SolutionManifest><UniqueName>S</UniqueName></SolutionManifest></ImportExportXml>',
        ),
      },
      { path: 'customizations.xml', content: Buffer.from('<ImportExportXml />') },
      {
        path: 'Workflows/Good-11111111-1111-1111-1111-111111111111.json',
        content: Buffer.from(flow(COMPOSE)),
      },
      {
        path: 'Workflows/Deep-22222222-2222-2222-2222-222222222222.json',
        content: Buffer.from(`{"properties":{"definition":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`),
      },
    ])
    const answer = await submit('solution.zip', zip)
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(201)
    expect(answer.body).toMatchObject({ platform: 'power-automate', passed: false })
    expect(
      answer.body.project?.files.map((file) => `${file.path} ${file.error?.code ?? 'read'}`).sort(),
    ).toEqual([
      'Workflows/Deep-22222222-2222-2222-2222-222222222222.json FLOW_TOO_DEEP',
      'Workflows/Good-11111111-1111-1111-1111-111111111111.json read',
    ])
  })

  it('a thread out of memory on a flow fails only its request, typed; the next is analysed', async () => {
    const small = await openHostileApi(
      new AnalysisPool(1, { resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } }),
    )
    try {
      // Just under the value limit, with long strings: far more than a 16 MB heap holds as a tree.
      const step = (i: number) => `"Compose_${i}":{"type":"Compose","inputs":"${'v'.repeat(200)}${i}"}`
      const big = flow(Array.from({ length: 40_000 }, (_, i) => step(i)).join(','))
      const [huge, after] = await Promise.all([
        submitTo(small.base, small.t.orgA.memberKey, 'big.json', big),
        submitTo(small.base, small.t.orgA.memberKey, 'small.json', flow(COMPOSE)),
      ])
      expect(huge.status, JSON.stringify(huge.body).slice(0, 500)).toBe(422)
      expect(huge.body.error?.code).toMatch(/_TOO_COMPLEX$|^FLOW_TOO_LARGE$/)
      expect(after.status).toBe(201)
      expect((await fetch(`${small.base}/healthz`)).status).toBe(200)
    } finally {
      await small.close()
    }
  })
})
