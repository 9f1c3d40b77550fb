/**
 * The dashboard: asks the server for the session once, then renders the page the path names, or
 * sends the visitor to sign-in (and back to the page afterwards). A member on an admin-only page
 * gets "admins only" rather than the page (whose API calls would answer 403).
 */
import { useEffect, useState } from 'preact/hooks'
import { ApiError, whenSessionLost } from './api/api-client'
import { dropSession, loadSession, useSession } from './api/session'
import { ErrorState, Loading } from './components/load-state'
import { AppShell } from './layout/app-shell'
import { AdminOnlyPage } from './pages/admin-only-page'
import { NotFoundPage } from './pages/not-found-page'
import { SignInPage } from './pages/sign-in-page'
import { matchPath, navigate, useLocation } from './router'
import { PAGE_ROUTES } from './routes'

function toSignIn(): void {
  const here = `${window.location.pathname}${window.location.search}`
  navigate(here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`, { replace: true })
}

whenSessionLost(() => {
  dropSession()
  if (window.location.pathname !== '/sign-in') toSignIn()
})

export function App() {
  const { path } = useLocation()
  const session = useSession()
  const [checked, setChecked] = useState<'pending' | 'done' | ApiError>('pending')

  useEffect(() => {
    loadSession().then(
      () => setChecked('done'),
      (error: unknown) =>
        setChecked(error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', 'Could not start.', [])),
    )
  }, [])

  useEffect(() => {
    if (checked === 'done' && session === null && path !== '/sign-in') toSignIn()
  }, [checked, session, path])

  if (path === '/sign-in') return <SignInPage />
  if (checked === 'pending') return <Loading what="your session" />
  if (checked instanceof ApiError)
    return <ErrorState error={checked} retry={() => window.location.reload()} />
  if (session === null) return <Loading what="sign-in" />

  for (const route of PAGE_ROUTES) {
    const params = matchPath(route.pattern, path)
    if (params === null) continue
    const Page = route.page
    return (
      <AppShell session={session} title={route.title}>
        {route.adminOnly === true && session.me.role !== 'admin' ? (
          <AdminOnlyPage title={route.title} orgName={session.me.orgName} />
        ) : (
          <Page params={params} />
        )}
      </AppShell>
    )
  }
  return (
    <AppShell session={session} title="Not found">
      <NotFoundPage />
    </AppShell>
  )
}
