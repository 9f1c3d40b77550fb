/**
 * A small history router: the page paths the server answers with index.html (src/api/routes/
 * dashboard) map to page components in one table (routes.tsx).
 * Links are real <a href> elements (middle-click and screen readers work); a plain left click is
 * handled here without a reload.
 */
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'

const listeners = new Set<() => void>()

function notify(): void {
  for (const listener of listeners) listener()
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify)

/** Goes to a same-origin path; `replace` keeps the history entry (redirects). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  notify()
  window.scrollTo(0, 0)
}

/** The current location; re-renders on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setVersion] = useState(0)
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1)
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [])
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) }
}

/** Replaces the query string of the current page (filters, paging) without a new history entry. */
export function setQuery(query: URLSearchParams): void {
  const text = query.toString()
  navigate(`${window.location.pathname}${text === '' ? '' : `?${text}`}`, { replace: true })
}

/** Matches `/results/:id` against `/results/0193…`; decoded params, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean)
  const pathParts = path.split('/').filter(Boolean)
  if (patternParts.length !== pathParts.length) return null
  const params: Record<string, string> = {}
  for (let index = 0; index < patternParts.length; index++) {
    const expected = patternParts[index]!
    const actual = pathParts[index]!
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual)
      } catch {
        return null
      }
    } else if (expected !== actual) {
      return null
    }
  }
  return params
}

/**
 * Where to go after sign-in: only a same-origin path (a single leading slash, no `//`, no
 * backslash, no scheme), so `?next=` cannot send a signed-in user to another site.
 */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/'
  if (/^\/[a-z][a-z0-9+.-]*:/i.test(next)) return '/'
  return next
}

type AnchorProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren }

/** An <a> that navigates without a reload on a plain left click. */
export function Link({ href, children, ...rest }: AnchorProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    if (!href.startsWith('/') || href.startsWith('/api/') || href.startsWith('/docs')) return
    event.preventDefault()
    navigate(href)
  }
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  )
}
