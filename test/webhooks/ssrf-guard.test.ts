/**
 * The SSRF matrix: every spelling of a forbidden address is refused at send time, with the
 * allow-list off; the allow-list opens exactly its ranges (never the metadata addresses); names
 * are vetted after resolution and the socket goes to the vetted address (no rebinding window);
 * a redirect to a private address is not followed. Real sends through HttpSender, recorded as
 * `ssrf_blocked` in the attempt log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpSender } from '../../src/webhooks/delivery/http-sender.js'
import { classifyAddress, SsrfGuard } from '../../src/webhooks/delivery/ssrf-guard.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  attemptsOf,
  type DeliveryKit,
  deliveryRow,
  openDeliveryKit,
  startReceiver,
  type TestReceiver,
} from './delivery-test-kit.js'

const FORBIDDEN_URL_HOSTS = [
  '127.0.0.1',
  '127.1',
  '2130706433', // decimal 127.0.0.1
  '0x7f000001', // hex
  '0x7f.0.0.1',
  '0177.0.0.1', // octal
  '017700000001',
  '0',
  '0.0.0.0',
  '10.0.0.1',
  '172.16.5.4',
  '192.168.1.1',
  '100.64.0.1', // CGNAT
  '169.254.169.254', // metadata
  '169.254.1.1',
  '224.0.0.1',
  '240.0.0.1',
  '255.255.255.255',
  '[::1]',
  '[::]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[::ffff:169.254.169.254]',
  '[::ffff:10.0.0.1]',
  '[0:0:0:0:0:ffff:7f00:0001]',
  '[::127.0.0.1]',
  '[64:ff9b::a00:1]',
  '[2002:7f00:1::]',
  '[fd00:ec2::254]',
  '[fc00::1]',
  '[fe80::1]',
  '[ff02::1]',
]

describe('SSRF classification', () => {
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeNull()
    },
  )

  it('the allow-list opens its ranges, never the metadata addresses', () => {
    const guard = new SsrfGuard({ allowCidrs: ['127.0.0.0/8', '169.254.0.0/16', 'fd00::/8', '::1/128'] })
    expect(guard.check('127.0.0.1')).toBeNull()
    expect(guard.check('::ffff:127.0.0.1')).toBeNull()
    expect(guard.check('::1')).toBeNull()
    expect(guard.check('169.254.169.254')).toBe('cloud metadata')
    expect(guard.check('fd00:ec2::254')).toBe('cloud metadata')
    expect(guard.check('::ffff:169.254.169.254')).toBe('cloud metadata')
    expect(guard.check('10.0.0.1')).toBe('private')
  })
})

describe('SSRF at send time', () => {
  const receivers: TestReceiver[] = []
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })

  it.each(FORBIDDEN_URL_HOSTS)('http://%s/ is refused before connecting (allow-list off)', async (host) => {
    const sender = new HttpSender({ guard: new SsrfGuard({ allowCidrs: [] }), totalTimeoutMs: 1000 })
    try {
      const result = await sender.send({ url: `http://${host}:9/hook`, headers: {}, body: '{}' })
      expect(result).toMatchObject({ errorClass: 'ssrf_blocked', statusCode: null })
    } finally {
      await sender.close()
    }
  })

  it('a name resolving to a private address is refused; with the allow-list on it goes through', async () => {
    const target = await startReceiver()
    receivers.push(target)
    const url = `http://localhost:${target.port}/hook`
    const closed = new HttpSender({
      guard: new SsrfGuard({ allowCidrs: [], resolver: async () => [{ address: '127.0.0.1', family: 4 }] }),
    })
    const open = new HttpSender({
      guard: new SsrfGuard({
        allowCidrs: ['127.0.0.0/8'],
        resolver: async () => [{ address: '127.0.0.1', family: 4 }],
      }),
    })
    try {
      expect(await closed.send({ url, headers: {}, body: '{}' })).toMatchObject({
        errorClass: 'ssrf_blocked',
      })
      expect(await open.send({ url, headers: {}, body: '{}' })).toMatchObject({
        errorClass: null,
        statusCode: 200,
      })
      expect(target.received).toHaveLength(1)
    } finally {
      await closed.close()
      await open.close()
    }
  })

  it('no rebinding window: the socket connects to the address the guard vetted, whatever DNS says next', async () => {
    const target = await startReceiver()
    receivers.push(target)
    let calls = 0
    // First answer allowed (127.0.0.1 inside the allow-list); any later answer points at metadata.
    const resolver = async () => {
      calls++
      return [{ address: calls === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }]
    }
    const sender = new HttpSender({ guard: new SsrfGuard({ allowCidrs: ['127.0.0.0/8'], resolver }) })
    try {
      const result = await sender.send({
        url: `http://rebind.test:${target.port}/hook`,
        headers: {},
        body: '{}',
      })
      expect(result).toMatchObject({ statusCode: 200, errorClass: null })
      expect(calls).toBe(1)
    } finally {
      await sender.close()
    }
  })
})

describe.each(testEngines())('SSRF in the delivery log on %s', (engine) => {
  let kit: DeliveryKit
  const receivers: TestReceiver[] = []
  beforeEach(async () => {
    kit = await openDeliveryKit(engine, { allowCidrs: [] })
  })
  afterEach(async () => {
    await kit.close()
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })

  it('a loopback webhook with the allow-list off: attempt recorded as ssrf_blocked, nothing received', async () => {
    const target = await startReceiver()
    receivers.push(target)
    await kit.addWebhook(`http://0x7f.1:${target.port}/hook`)
    const [id] = await kit.emit()
    await kit.worker().runUntilIdle()
    expect(target.received).toHaveLength(0)
    expect(await deliveryRow(kit, id!)).toMatchObject({ status: 'pending', last_error_class: 'ssrf_blocked' })
    const [attempt] = await attemptsOf(kit, id!)
    expect(attempt).toMatchObject({ number: 1, error_class: 'ssrf_blocked', status_code: null })
  })
})

describe.each(testEngines())('a redirect to a private address on %s', (engine) => {
  let kit: DeliveryKit
  const receivers: TestReceiver[] = []
  beforeEach(async () => {
    kit = await openDeliveryKit(engine, { allowCidrs: ['127.0.0.0/8'] })
  })
  afterEach(async () => {
    await kit.close()
    await Promise.all(receivers.splice(0).map((r) => r.close()))
  })

  it('is not followed', async () => {
    const target = await startReceiver((_r, res) =>
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    )
    receivers.push(target)
    await kit.addWebhook(target.url)
    const [id] = await kit.emit()
    await kit.worker().runUntilIdle()
    expect(await deliveryRow(kit, id!)).toMatchObject({ last_status_code: 307, last_error_class: 'redirect' })
  })
})
