/**
 * What a webhook URL may be, checked at create and update (the SSRF guard checks again at send
 * time, on the resolved address: this check is for clear errors early, not the security boundary).
 * - absolute http(s) URL, no user name or password in it;
 * - https, or plain http when FLOWCERTA_WEBHOOK_ALLOW_HTTP=true or when every address the host
 *   names lies inside FLOWCERTA_WEBHOOK_ALLOW_CIDRS (test and on-premise receivers).
 * The URL is stored in its WHATWG-normalised form (`http://0x7f.1` → `http://127.0.0.1/`), so
 * every later reader sees one spelling.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import net from 'node:net'
import { AppError } from '../domain/errors/app-error.js'

export interface WebhookUrlPolicy {
  /** FLOWCERTA_WEBHOOK_ALLOW_HTTP. */
  allowHttp: boolean
  /** FLOWCERTA_WEBHOOK_ALLOW_CIDRS, as `address/prefix` strings. */
  allowCidrs: readonly string[]
}

export const STRICT_WEBHOOK_URL_POLICY: WebhookUrlPolicy = Object.freeze({ allowHttp: false, allowCidrs: [] })

/** Resolves a host name to its addresses (injectable so tests need no DNS). */
export type HostResolver = (hostname: string) => Promise<string[]>

export const systemHostResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address)

/** A BlockList holding the allowed ranges (net.BlockList matches addresses against subnets). */
export function buildAllowList(cidrs: readonly string[]): net.BlockList {
  const list = new net.BlockList()
  for (const cidr of cidrs) {
    const [address = '', prefix = ''] = cidr.split('/')
    list.addSubnet(address, Number(prefix), net.isIPv4(address) ? 'ipv4' : 'ipv6')
  }
  return list
}

/** `::ffff:a.b.c.d` and `::ffff:xxxx:yyyy` → `a.b.c.d`; anything else unchanged. */
export function unmapIpv4(address: string): string {
  const lower = address.toLowerCase()
  const dotted = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower)
  if (dotted?.[1] !== undefined) return dotted[1]
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (hex?.[1] !== undefined && hex[2] !== undefined) {
    const high = Number.parseInt(hex[1], 16)
    const low = Number.parseInt(hex[2], 16)
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`
  }
  return address
}

/** True when the IP address lies inside one of the list's ranges. */
export function isAddressAllowed(list: net.BlockList, address: string): boolean {
  const plain = unmapIpv4(address)
  const family = net.isIP(plain)
  if (family === 0) return false
  return list.check(plain, family === 4 ? 'ipv4' : 'ipv6')
}

function refuse(reason: string): never {
  throw new AppError('INVALID_WEBHOOK_URL', {
    message: `body.url ${reason}`,
    details: [{ field: 'body.url', reason }],
  })
}

/** Checks a webhook URL against the policy; returns the normalised URL or throws INVALID_WEBHOOK_URL. */
export async function checkWebhookUrl(
  raw: string,
  policy: WebhookUrlPolicy,
  resolveHost: HostResolver = systemHostResolver,
): Promise<string> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    refuse('is not an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    refuse(`must use https (or http), not "${url.protocol}"`)
  if (url.username !== '' || url.password !== '') {
    refuse('must not contain a user name or password; authenticate with the signature instead')
  }
  if (url.hostname === '') refuse('has no host')
  if (url.protocol === 'http:' && !policy.allowHttp) {
    const allowList = buildAllowList(policy.allowCidrs)
    // IPv6 literals come bracketed from the URL parser.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    let addresses: string[]
    if (net.isIP(host) !== 0) addresses = [host]
    else if (policy.allowCidrs.length === 0) addresses = []
    else {
      try {
        addresses = await resolveHost(host)
      } catch {
        addresses = []
      }
    }
    if (addresses.length === 0 || !addresses.every((address) => isAddressAllowed(allowList, address))) {
      refuse('must use https: plain http is accepted only for hosts inside FLOWCERTA_WEBHOOK_ALLOW_CIDRS')
    }
  }
  return url.href
}
