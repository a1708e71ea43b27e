import { useEffect } from 'react'
import { kapso } from '../../bridge'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { Icons } from '../../ui/Icons'
import { ArchiveActions } from './archive/ArchiveActions'
import { DeliveriesTab } from './deliveries/DeliveriesTab'
import { EventDetail } from './EventDetail'
import { EventFilters } from './EventFilters'
import { EventList } from './EventList'
import { ListenPanel } from './ListenPanel'
import { ToolsPanel } from './ToolsPanel'
import { useListenSession } from './useListenSession'
import { filterActive, useWebhookEvents } from './useWebhookEvents'
import { useWebhookTools, type WebhooksTab } from './useWebhookTools'
import { SavedViews } from './views/SavedViews'
import { GapBanner } from './watch/GapBanner'
import { TunnelBanner } from './watch/TunnelBanner'
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
  const tab = useWebhookTools((s) => s.tab)

  useEffect(() => {
    const state = useWebhookEvents.getState()
    void state.load()
    void state.loadFacets()
    void useListenSession.getState().load()
    void useWebhookTools.getState().load()
    const offs = [
      kapso.on('webhooks.received', (items) => useWebhookEvents.getState().received(items)),
      kapso.on('webhooks.status', (items) => {
        const last = items.at(-1)
        if (last) useListenSession.getState().setStatus(last)
      }),
      kapso.on('webhooks.watch', (items) => {
        const last = items.at(-1)
        if (last) useWebhookTools.setState({ watch: last })
      }),
      kapso.on('webhooks.forwarded', (items) => useWebhookTools.getState().forwarded(items)),
      kapso.on('webhooks.pruned', (items) => {
        // Retention trims the oldest rows quietly; a clear, an import or a project switch reloads.
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
        <WebhooksTabs tab={tab} />
        <span className="muted" data-testid="event-count" aria-live="polite">
          {total === 0 && !filtered ? '' : `${total.toLocaleString()} ${filtered ? 'matching' : 'stored'}`}
          {loaded < total && ` · ${loaded.toLocaleString()} loaded`}
        </span>
        <div className="view__header-actions">
          {tab === 'events' && (
            <>
              <SavedViews />
              <ArchiveActions />
            </>
          )}
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
      <TunnelBanner />
      <GapBanner />
      <ToolsPanel />
      {tab === 'deliveries' ? (
        <DeliveriesTab />
      ) : (
        <>
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
                      Listening. Events appear here the moment Kapso sends them; “Send test event” sends one
                      now.
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
        </>
      )}
    </div>
  )
}

const tabNames: Record<WebhooksTab, string> = { events: 'Events', deliveries: 'Deliveries' }

/** Events that arrived here, and Kapso's own delivery records. */
function WebhooksTabs(props: { tab: WebhooksTab }) {
  const tabs = Object.keys(tabNames) as WebhooksTab[]
  return (
    <div className="tabs" role="tablist" aria-label="Webhook views">
      {tabs.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={props.tab === t}
          tabIndex={props.tab === t ? 0 : -1}
          onClick={() => useWebhookTools.getState().setTab(t)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
            const next =
              tabs[(tabs.indexOf(t) + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!
            useWebhookTools.getState().setTab(next)
            ;(
              e.currentTarget.parentElement?.querySelector(`[data-tab="${next}"]`) as HTMLElement | null
            )?.focus()
          }}
          data-tab={t}
        >
          {tabNames[t]}
        </button>
      ))}
    </div>
  )
}
