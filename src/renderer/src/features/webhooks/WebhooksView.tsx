import { useEffect } from 'react'
import { kapso } from '../../bridge'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { Icons } from '../../ui/Icons'
import { EventDetail } from './EventDetail'
import { EventFilters } from './EventFilters'
import { EventList } from './EventList'
import { ListenPanel } from './ListenPanel'
import { useListenSession } from './useListenSession'
import { filterActive, useWebhookEvents } from './useWebhookEvents'
import './webhooks.css'

export function WebhooksView() {
  const total = useWebhookEvents((s) => s.total)
  const loaded = useWebhookEvents((s) => s.events.length)
  const error = useWebhookEvents((s) => s.error)
  const follow = useWebhookEvents((s) => s.follow)
  const filter = useWebhookEvents((s) => s.filter)
  const loading = useWebhookEvents((s) => s.loading)
  const listening = useListenSession((s) => s.status?.state === 'listening')
  const events = useWebhookEvents.getState()

  useEffect(() => {
    const state = useWebhookEvents.getState()
    void state.load()
    void state.loadFacets()
    void useListenSession.getState().load()
    const offs = [
      kapso.on('webhooks.received', (items) => useWebhookEvents.getState().received(items)),
      kapso.on('webhooks.status', (items) => {
        const last = items.at(-1)
        if (last) useListenSession.getState().setStatus(last)
      }),
      kapso.on('webhooks.pruned', (items) => {
        // Retention trims the oldest rows quietly; a clear or a project switch starts over.
        if (items.some((i) => i.reason !== 'retention')) {
          void useWebhookEvents.getState().load()
          void useWebhookEvents.getState().loadFacets()
          void useWebhookEvents.getState().open(null)
        }
      }),
    ]
    return () => {
      for (const off of offs) off()
    }
  }, [])

  const filtered = filterActive(filter)
  return (
    <div className="view webhooks">
      <header className="view__header">
        <h1>Webhooks</h1>
        <span className="muted" data-testid="event-count" aria-live="polite">
          {total === 0 && !filtered ? '' : `${total.toLocaleString()} ${filtered ? 'matching' : 'stored'}`}
          {loaded < total && ` · ${loaded.toLocaleString()} loaded`}
        </span>
        <div className="view__header-actions">
          <button
            type="button"
            className="button button--small"
            aria-pressed={!follow}
            onClick={() => events.setFollow(!follow)}
            data-testid="follow-toggle"
          >
            {follow ? 'Pause auto-scroll' : 'Resume auto-scroll'}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={total === 0 && !filtered}
            onClick={() => {
              if (window.confirm('Delete every stored webhook event of this project?')) void events.clear()
            }}
          >
            Clear
          </button>
        </div>
      </header>
      <ListenPanel />
      <EventFilters />
      <div className="webhooks__split">
        <div className="webhooks__list">
          {error ? (
            <ErrorState error={error} onRetry={() => void events.load()} />
          ) : loaded === 0 && !loading ? (
            <EmptyState
              icon={<Icons.webhooks />}
              title={filtered ? 'No event matches these filters' : 'No webhook events yet'}
            >
              {filtered ? (
                <p>Loosen a filter, or press Reset.</p>
              ) : listening ? (
                <p>
                  Listening. Events appear here the moment Kapso sends them; “Send test event” sends one now.
                </p>
              ) : (
                <p>
                  Press “Start listening” to register a webhook in Kapso and watch, verify and keep every
                  event.
                </p>
              )}
            </EmptyState>
          ) : (
            <EventList />
          )}
        </div>
        <EventDetail />
      </div>
    </div>
  )
}
