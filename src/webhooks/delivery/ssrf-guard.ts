/**
 * The SSRF guard, applied at send time on the address actually connected to:
 * - IP literals in the URL are checked before any connection (the WHATWG URL parser has already
 *   turned decimal, octal, hex and short IPv4 spellings into dotted quads);
 * - host names are resolved by `lookup` below, which undici's connector hands to net/tls
 *   `connect`: only vetted addresses are returned, so the socket goes to the very address that
 *   was checked and there is no window for DNS rebinding.
 * Refused: loopback, private, link-local, CGNAT, multicast, reserved/documentation ranges,
 * 0.0.0.0/8, cloud metadata (169.254.169.254, fd00:ec2::254), and IPv6 forms embedding such an
 * IPv4 address (mapped, compatible, NAT64, 6to4). IPv6 is accepted only inside global unicast
 * 2000::/3. FLOWCERTA_WEBHOOK_ALLOW_CIDRS opens chosen ranges, except the metadata addresses.
 */

import type { LookupAddress, LookupOptions } from 'node:dns'
import dns from 'node:dns'
import net from 'node:net'
import { buildAllowList, isAddressAllowed } from '../url-policy.js'

/** Thrown (or passed to the connect callback) when an address is refused. */
export class SsrfBlockedError extends Error {
  readonly code = 'ERR_SSRF_BLOCKED'
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refused to connect to ${address}: ${reason}`)
    this.name = 'SsrfBlockedError'
  }
}

type V4Range = readonly [base: number, prefix: number, reason: string]

function v4(text: string): number {
  const parts = text.split('.').map(Number)
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0
}

const METADATA_V4 = v4('169.254.169.254')

const BLOCKED_V4: readonly V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified ("this network")'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'carrier-grade NAT'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved (IETF protocol assignments)'],
  [v4('192.0.2.0'), 24, 'reserved (documentation)'],
  [v4('192.88.99.0'), 24, 'reserved (6to4 relay)'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved (benchmarking)'],
  [v4('198.51.100.0'), 24, 'reserved (documentation)'],
  [v4('203.0.113.0'), 24, 'reserved (documentation)'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
]

function inV4Range(address: number, base: number, prefix: number): boolean {
  if (prefix === 0) return true
  const mask = (0xffffffff << (32 - prefix)) >>> 0
  return (address & mask) >>> 0 === (base & mask) >>> 0
}

function classifyV4(address: number): string | null {
  if (address === METADATA_V4) return 'cloud metadata'
  for (const [base, prefix, reason] of BLOCKED_V4) if (inV4Range(address, base, prefix)) return reason
  return null
}

/** Parses an IPv6 literal (zone id dropped) into 8 16-bit groups; null when it is not one. */
export function parseIpv6(text: string): number[] | null {
  let input = text.replace(/^\[|\]$/g, '').toLowerCase()
  const zone = input.indexOf('%')
  if (zone >= 0) input = input.slice(0, zone)
  if (net.isIPv6(input) === false) return null
  let tail: number[] = []
  const lastColon = input.lastIndexOf(':')
  const last = input.slice(lastColon + 1)
  if (last.includes('.')) {
    const n = v4(last)
    tail = [n >>> 16, n & 0xffff]
    input = `${input.slice(0, lastColon + 1)}${tail.length ? '0:0' : ''}`
  }
  const [head = '', rest] = input.split('::') as [string, string | undefined]
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)))
  const left = parse(head)
  const right = rest === undefined ? [] : parse(rest)
  const groups =
    rest === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right]
  if (groups.length !== 8) return null
  if (tail.length === 2) {
    groups[6] = tail[0] ?? 0
    groups[7] = tail[1] ?? 0
  }
  return groups
}

function embeddedV4(high: number, low: number): number {
  return ((high << 16) | low) >>> 0
}

function classifyV6(g: number[]): string | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified'
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback'
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judge the IPv4 address inside.
  if (firstFiveZero && (g5 === 0xffff || g5 === 0)) {
    const inner = classifyV4(embeddedV4(g6, g7))
    return inner === null
      ? g5 === 0
        ? 'reserved (IPv4-compatible IPv6)'
        : null
      : `${inner} (IPv4 inside IPv6)`
  }
  // NAT64 well-known prefix 64:ff9b::/96.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    const inner = classifyV4(embeddedV4(g6, g7))
    return inner === null ? null : `${inner} (IPv4 inside NAT64)`
  }
  if (
    g0 === 0xfd00 &&
    g1 === 0x0ec2 &&
    g2 === 0 &&
    g3 === 0 &&
    g4 === 0 &&
    g5 === 0 &&
    g6 === 0 &&
    g7 === 0x254
  ) {
    return 'cloud metadata'
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private (unique local)'
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'
  if ((g0 & 0xff00) === 0xff00) return 'multicast'
  // 6to4 2002::/16 carries an IPv4 address in bits 16–47.
  if (g0 === 0x2002) {
    const inner = classifyV4(embeddedV4(g1, g2))
    return inner === null ? null : `${inner} (IPv4 inside 6to4)`
  }
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved (documentation)'
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved (IETF protocol assignments, Teredo)'
  if ((g0 & 0xe000) !== 0x2000) return 'reserved (outside global unicast)'
  return null
}

/** Why this IP address may not be reached, or null when it is public. Throws on a non-address. */
export function classifyAddress(address: string): string | null {
  const plain = address.replace(/^\[|\]$/g, '')
  if (net.isIPv4(plain)) return classifyV4(v4(plain))
  const groups = parseIpv6(plain)
  if (groups === null) throw new Error(`not an IP address: ${address}`)
  return classifyV6(groups)
}

function isMetadata(address: string): boolean {
  try {
    return classifyAddress(address)?.startsWith('cloud metadata') ?? false
  } catch {
    return false
  }
}

export type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/** The resolver the guard asks (injectable so tests can play a rebinding DNS server). */
export type GuardResolver = (hostname: string) => Promise<LookupAddress[]>

const systemResolver: GuardResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    )
  })

export interface SsrfGuardOptions {
  /** FLOWCERTA_WEBHOOK_ALLOW_CIDRS as `address/prefix` strings. */
  allowCidrs: readonly string[]
  resolver?: GuardResolver
}

export class SsrfGuard {
  readonly #allowCidrs: readonly string[]
  readonly #allowList: net.BlockList
  readonly #resolver: GuardResolver

  constructor(options: SsrfGuardOptions) {
    this.#allowCidrs = options.allowCidrs
    this.#allowList = buildAllowList(options.allowCidrs)
    this.#resolver = options.resolver ?? systemResolver
  }

  /** Null when the address may be connected to, else the reason it may not. */
  check(address: string): string | null {
    if (isMetadata(address)) return 'cloud metadata'
    let reason: string | null
    try {
      reason = classifyAddress(address)
    } catch {
      return 'not an IP address'
    }
    if (reason === null) return null
    if (this.#allowCidrs.length > 0 && isAddressAllowed(this.#allowList, address)) return null
    return reason
  }

  /** Throws SsrfBlockedError when the URL's host is an IP literal that may not be reached. */
  checkUrl(url: URL): void {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (net.isIP(host) === 0) return
    const reason = this.check(host)
    if (reason !== null) throw new SsrfBlockedError(host, reason)
  }

  /**
   * A `lookup` for net/tls connect: resolves, keeps only permitted addresses, and fails with
   * SsrfBlockedError when none is left.
   */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const family = typeof options === 'object' && options !== null ? options.family : undefined
    this.#resolver(hostname).then(
      (resolved) => {
        const wanted = resolved.filter(
          (entry) => family === undefined || family === 0 || entry.family === family,
        )
        const permitted = wanted.filter((entry) => this.check(entry.address) === null)
        const first = permitted[0]
        if (first === undefined) {
          const refused = wanted[0]
          const reason = refused === undefined ? 'no address' : (this.check(refused.address) ?? 'no address')
          callback(new SsrfBlockedError(refused?.address ?? hostname, reason), '', 0)
          return
        }
        if (typeof options === 'object' && options !== null && options.all === true) callback(null, permitted)
        else callback(null, first.address, first.family)
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
}
