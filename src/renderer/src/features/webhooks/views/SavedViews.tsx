import { useEffect, useState } from 'react'
import type { SavedView } from '../../../../../shared/webhooks/views'
import { kapso } from '../../../bridge'
import { filterActive, useWebhookEvents } from '../useWebhookEvents'

/** Filters and searches saved by name in the project's database, so they are there after a restart. */
export function SavedViews() {
  const filter = useWebhookEvents((s) => s.filter)
  const [views, setViews] = useState<SavedView[]>([])
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void kapso['webhooks.views.list']().then((r) => r.ok && setViews(r.data))
  }, [])

  const current = views.find((v) => JSON.stringify(v.filter) === JSON.stringify(filter))
  const save = async () => {
    const result = await kapso['webhooks.views.save']({ name, filter })
    if (!result.ok) return setError(result.error.message)
    setViews(result.data)
    setNaming(false)
    setName('')
    setError(null)
  }

  return (
    <div className="saved-views">
      <label className="wh-field wh-field--inline">
        <span>View</span>
        <select
          value={current?.name ?? ''}
          data-testid="saved-view"
          onChange={(e) => {
            const view = views.find((v) => v.name === e.target.value)
            useWebhookEvents.getState().clearFilter()
            if (view) useWebhookEvents.getState().setFilter(view.filter)
          }}
        >
          <option value="">{views.length ? 'None' : 'None saved yet'}</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form
          className="saved-views__form"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <label className="wh-field wh-field--inline">
            <span>View name</span>
            <input autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="button button--small" disabled={!name.trim()}>
            Save
          </button>
          <button type="button" className="button button--small" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : current ? (
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            const r = await kapso['webhooks.views.remove']({ name: current.name })
            if (r.ok) setViews(r.data)
          }}
        >
          Delete view
        </button>
      ) : (
        <button
          type="button"
          className="button button--small"
          disabled={!filterActive(filter)}
          title={filterActive(filter) ? undefined : 'Set a filter or a search first'}
          onClick={() => setNaming(true)}
        >
          Save view…
        </button>
      )}
      {error && (
        <p className="listen__error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
