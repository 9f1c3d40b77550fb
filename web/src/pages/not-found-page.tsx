import { Link } from '../router'

export function NotFoundPage() {
  return (
    <div class="state state-empty">
      <p>There is no page here.</p>
      <p>
        <Link href="/">Go to the overview</Link>
      </p>
    </div>
  )
}
