/**
 * The guard's address classification and its `lookup`, without a network (the send-time matrix
 * through HttpSender is test/webhooks/ssrf-guard.test.ts).
 */
import type { LookupAddress } from 'node:dns'
import { describe, expect, it } from 'vitest'
import { classifyAddress, parseIpv6, SsrfBlockedError, SsrfGuard } from './ssrf-guard.js'

describe('classifyAddress: IPv4 ranges, at their edges', () => {
  it.each([
    ['0.0.0.0', 'unspecified ("this network")'],
    ['0.255.255.255', 'unspecified ("this network")'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved (IETF protocol assignments)'],
    ['192.0.2.1', 'reserved (documentation)'],
    ['192.88.99.1', 'reserved (6to4 relay)'],
    ['192.168.255.255', 'private'],
    ['198.18.0.0', 'reserved (benchmarking)'],
    ['198.19.255.255', 'reserved (benchmarking)'],
    ['198.51.100.7', 'reserved (documentation)'],
    ['203.0.113.7', 'reserved (documentation)'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
  ])('%s is refused: %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason)
  })

  it.each([
    '1.0.0.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
  ])('%s, just outside a refused range, is public', (address) => {
    expect(classifyAddress(address)).toBeNull()
  })
})

describe('classifyAddress: IPv6', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:10.1.2.3', 'private (IPv4 inside IPv6)'],
    ['::ffff:a01:203', 'private (IPv4 inside IPv6)'],
    ['::10.1.2.3', 'private (IPv4 inside IPv6)'],
    ['::8.8.8.8', 'reserved (IPv4-compatible IPv6)'],
    ['64:ff9b::7f00:1', 'loopback (IPv4 inside NAT64)'],
    ['2002:c0a8:101::', 'private (IPv4 inside 6to4)'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fd12:3456::1', 'private (unique local)'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved (documentation)'],
    ['2001:0:4136:e378::1', 'reserved (IETF protocol assignments, Teredo)'],
    ['4000::1', 'reserved (outside global unicast)'],
  ])('%s is refused: %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason)
  })

  it.each(['2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2001:200::1'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeNull()
    },
  )

  it('throws on what is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow(/not an IP address/)
    expect(() => classifyAddress('1.2.3')).toThrow(/not an IP address/)
  })
})

describe('parseIpv6', () => {
  it('expands :: and embedded IPv4, and drops brackets and the zone id', () => {
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1])
    expect(parseIpv6('[fe80::1%eth0]')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1])
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1])
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('is null for what is not IPv6', () => {
    expect(parseIpv6('127.0.0.1')).toBeNull()
    expect(parseIpv6('1::2::3')).toBeNull()
  })
})

describe('SsrfGuard', () => {
  it('checkUrl refuses an IP literal host and lets names through (they are vetted at lookup)', () => {
    const guard = new SsrfGuard({ allowCidrs: [] })
    expect(() => guard.checkUrl(new URL('http://[::1]:8080/'))).toThrow(SsrfBlockedError)
    expect(() => guard.checkUrl(new URL('http://0x7f.1/'))).toThrow(/loopback/)
    expect(() => guard.checkUrl(new URL('https://8.8.8.8/'))).not.toThrow()
    expect(() => guard.checkUrl(new URL('https://localhost/'))).not.toThrow()
  })

  it('the allow-list opens its ranges (IPv4 inside IPv6 too) but never metadata', () => {
    const guard = new SsrfGuard({ allowCidrs: ['10.0.0.0/8', '169.254.0.0/16'] })
    expect(guard.check('10.1.2.3')).toBeNull()
    expect(guard.check('::ffff:10.1.2.3')).toBeNull()
    expect(guard.check('169.254.169.254')).toBe('cloud metadata')
    expect(guard.check('192.168.0.1')).toBe('private')
    expect(guard.check('not-an-ip')).toBe('not an IP address')
  })

  function lookup(
    guard: SsrfGuard,
    options: { family?: number; all?: boolean } = {},
  ): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }> {
    return new Promise((resolve) => {
      guard.lookup('hooks.example.test', options, (error, address, family) =>
        resolve({ error, address, ...(family === undefined ? {} : { family }) }),
      )
    })
  }

  const resolver = async (): Promise<LookupAddress[]> => [
    { address: '10.0.0.7', family: 4 },
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1::1', family: 6 },
  ]

  it('lookup answers with the first permitted address, the refused ones dropped', async () => {
    const guard = new SsrfGuard({ allowCidrs: [], resolver })
    expect(await lookup(guard)).toEqual({ error: null, address: '93.184.216.34', family: 4 })
    expect(await lookup(guard, { family: 6 })).toEqual({
      error: null,
      address: '2606:2800:220:1::1',
      family: 6,
    })
    expect(await lookup(guard, { all: true })).toEqual({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
    })
  })

  it('lookup fails with SsrfBlockedError when nothing permitted is left', async () => {
    const guard = new SsrfGuard({
      allowCidrs: [],
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    })
    const { error } = await lookup(guard)
    expect(error).toBeInstanceOf(SsrfBlockedError)
    expect(error).toMatchObject({ address: '127.0.0.1', reason: 'loopback', code: 'ERR_SSRF_BLOCKED' })
  })

  it('lookup passes a resolver error on', async () => {
    const failure = Object.assign(new Error('no such host'), { code: 'ENOTFOUND' })
    const guard = new SsrfGuard({ allowCidrs: [], resolver: () => Promise.reject(failure) })
    expect((await lookup(guard)).error).toBe(failure)
  })
})
