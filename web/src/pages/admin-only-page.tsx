import { Link } from '../router'

/**
 * What a member sees on an admin-only page (webhooks, deliveries, audit log) instead of the API's
 * 403: no request is made, the page says why and where to go.
 */
export function AdminOnlyPage({ title, orgName }: { title: string; orgName: string }) {
  return (
    <div class="state state-empty">
      <p>
        The page “{title}” is for admins only. You are signed in as a member of {orgName}: ask one of its
        admins if you need it.
      </p>
      <p>
        <Link href="/">Go to the overview</Link>
      </p>
    </div>
  )
}
