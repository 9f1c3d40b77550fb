/** A 0–100 score as a badge: the number is the content (colour is never the only signal). */
export function ScoreBadge({ score, passed }: { score: number | null; passed?: boolean | null }) {
  if (score === null) return <span class="badge badge-none">no score</span>
  const band = score >= 80 ? 'good' : score >= 60 ? 'fair' : 'poor'
  const verdict = passed === undefined || passed === null ? '' : passed ? ', passed' : ', failed'
  return (
    <span class={`badge badge-${band}`} title={`score ${score} of 100${verdict}`}>
      {score}
      {passed === false && <span class="visually-hidden"> (failed)</span>}
    </span>
  )
}
