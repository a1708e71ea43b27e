import { useEffect, useState } from 'react'
import { kapso } from '../../bridge'

/**
 * "Catch the redirects here": only offered while a listen session runs, since
 * the link will point at its receiver. The URLs typed in the form become where
 * the tenant goes after the console's confirmation page.
 */
export function CatchRedirectsToggle(props: { checked: boolean; onChange(checked: boolean): void }) {
  const [targets, setTargets] = useState<{ success: string; failure: string } | null>(null)
  const { onChange } = props
  useEffect(() => {
    let live = true
    const load = () =>
      void kapso['connections.redirectTargets']().then((r) => {
        if (!live) return
        const t = r.ok ? r.data : null
        setTargets(t)
        if (!t) onChange(false)
      })
    load()
    const off = kapso.on('webhooks.status', load)
    return () => {
      live = false
      off()
    }
  }, [onChange])
  return (
    <div className="conn-catch" data-testid="catch-redirects">
      <label className="check">
        <input
          type="checkbox"
          checked={props.checked && targets !== null}
          disabled={!targets}
          onChange={(e) => props.onChange(e.target.checked)}
        />{' '}
        Catch the tenant’s redirects in this console
      </label>
      <p className="muted conn-catch__hint">
        {targets
          ? `Kapso sends the tenant to ${targets.success} (or …/failure); the console records it, shows a page in the link’s language, then sends them on to the redirect URLs below if you set any.`
          : 'Start listening under Webhooks to let the console catch the redirect after signup.'}
      </p>
    </div>
  )
}
