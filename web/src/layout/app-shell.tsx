/**
 * The frame around every signed-in page: skip link, navigation (admin-only entries hidden from
 * members; the API enforces roles anyway), who is signed in, sign-out, and the page in <main>.
 */
import { type ComponentChildren, createContext } from 'preact'
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { type SessionBody, signOut } from '../api/session'
import { Link, navigate, useLocation } from '../router'

interface NavItem {
  href: string
  label: string
  adminOnly?: boolean
}

const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/projects', label: 'Projects' },
  { href: '/results', label: 'Results' },
  { href: '/exceptions', label: 'Exceptions' },
  { href: '/webhooks', label: 'Webhooks', adminOnly: true },
  { href: '/settings', label: 'Settings' },
  { href: '/api-keys', label: 'API keys', adminOnly: true },
  { href: '/audit-log', label: 'Audit log', adminOnly: true },
]

const OwnTitle = createContext<(title: string | null) => void>(() => undefined)

/**
 * Lets a page name itself ("Project Invoices", "Result Main.xaml") in its heading and the
 * document title instead of its route's fixed title; null (loading, error) keeps the route's.
 */
export function usePageTitle(title: string | null): void {
  const setTitle = useContext(OwnTitle)
  useEffect(() => {
    setTitle(title)
    return () => setTitle(null)
  }, [title, setTitle])
}

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' || path === '/overview' : path === href || path.startsWith(`${href}/`)
}

export function AppShell({
  session,
  title,
  children,
}: {
  session: SessionBody
  title: string
  children: ComponentChildren
}) {
  const { path } = useLocation()
  const heading = useRef<HTMLHeadingElement>(null)
  const [ownTitle, setOwnTitle] = useState<string | null>(null)
  const shown = ownTitle ?? title

  // A new page: say so to screen readers and keyboard users by moving focus to its heading (not
  // again when the page names itself once loaded: focus stays where the user put it). A layout
  // effect runs in the same task as the render: a plain effect waits for the next frame (up to
  // 100 ms, longer on a busy machine), and a focus() that late can take the focus from a field the
  // user already reached, or scroll the page under a click that is on its way.
  useLayoutEffect(() => {
    heading.current?.focus()
  }, [title])
  useEffect(() => {
    document.title = `${shown} · Flowcerta`
  }, [shown])

  const onSignOut = async () => {
    await signOut().catch(() => undefined)
    navigate('/sign-in', { replace: true })
  }

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <Link href="/" class="brand">
          Flowcerta
        </Link>
        <nav aria-label="Main">
          <ul class="nav-list">
            {NAV_ITEMS.filter((item) => item.adminOnly !== true || session.me.role === 'admin').map(
              (item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ),
            )}
          </ul>
        </nav>
        <div class="who">
          <span>
            {session.me.email}{' '}
            <span class="muted">
              ({session.me.role}, {session.me.orgName})
            </span>
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        <h1 tabIndex={-1} ref={heading}>
          {shown}
        </h1>
        <OwnTitle.Provider value={setOwnTitle}>{children}</OwnTitle.Provider>
      </main>
    </>
  )
}
