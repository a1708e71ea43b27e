import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef } from 'react'
import type { WebhookEventSummary } from '../../../../shared/webhooks/event'
import { byteSize, clockTime, signatureHelp, signatureLabel } from './format'
import { useWebhookEvents } from './useWebhookEvents'

export const ROW_HEIGHT = 32

/**
 * The live list: only visible rows are in the DOM, whatever the count. Oldest
 * at the top, newest at the bottom; while "follow" is on, it stays at the end.
 */
export function EventList() {
  const events = useWebhookEvents((s) => s.events)
  const selectedId = useWebhookEvents((s) => s.selectedId)
  const follow = useWebhookEvents((s) => s.follow)
  const prepended = useWebhookEvents((s) => s.prepended)
  const hasOlder = useWebhookEvents((s) => s.hasOlder)
  const { select, open, loadOlder, setFollow } = useWebhookEvents.getState()
  const scroller = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => events[i]!.id,
  })

  // Keep the reader's place when older rows arrive above.
  useLayoutEffect(() => {
    if (prepended && scroller.current) scroller.current.scrollTop += prepended * ROW_HEIGHT
  }, [prepended])

  useEffect(() => {
    if (follow && events.length) virtualizer.scrollToIndex(events.length - 1, { align: 'end' })
  }, [follow, events.length, virtualizer])

  const onScroll = () => {
    const el = scroller.current
    if (!el) return
    if (el.scrollTop < ROW_HEIGHT * 10 && hasOlder) void loadOlder()
  }

  const move = (to: number) => {
    if (!events.length) return
    const index = Math.max(0, Math.min(events.length - 1, to))
    select(events[index]!.id)
    // Moving the selection by hand means reading: stop following new events.
    if (index < events.length - 1) setFollow(false)
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const current = selectedId === null ? -1 : events.findIndex((ev) => ev.id === selectedId)
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1)
    switch (e.key) {
      case 'ArrowDown':
        move(current < 0 ? events.length - 1 : current + 1)
        break
      case 'ArrowUp':
        move(current < 0 ? events.length - 1 : current - 1)
        break
      case 'PageDown':
        move(current + page)
        break
      case 'PageUp':
        move(current - page)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(events.length - 1)
        break
      case 'Enter':
        if (selectedId !== null) void open(selectedId)
        break
      case 'Escape':
        void open(null)
        break
      default:
        return
    }
    e.preventDefault()
  }

  const activeId = selectedId === null ? undefined : `webhook-row-${selectedId}`
  return (
    <div className="event-list">
      <div className="event-list__head" aria-hidden="true">
        <span>Time</span>
        <span>Event</span>
        <span>Phone number</span>
        <span>Customer</span>
        <span>Signature</span>
        <span className="event-list__size">Size</span>
      </div>
      <div
        ref={scroller}
        className="event-list__scroller"
        role="listbox"
        tabIndex={0}
        aria-label="Webhook events, newest last"
        aria-activedescendant={activeId}
        data-testid="event-list"
        onKeyDown={onKeyDown}
        onScroll={onScroll}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = events[item.index]!
            return (
              <Row
                key={item.key}
                event={event}
                top={item.start}
                selected={event.id === selectedId}
                onClick={() => {
                  select(event.id)
                  void open(event.id)
                }}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

function Row(props: { event: WebhookEventSummary; top: number; selected: boolean; onClick(): void }) {
  const { event } = props
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard for every row
    <div
      id={`webhook-row-${event.id}`}
      role="option"
      tabIndex={-1}
      aria-selected={props.selected}
      className={props.selected ? 'event-row is-selected' : 'event-row'}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}
      onClick={props.onClick}
      data-event-type={event.eventType ?? ''}
    >
      <span className="event-row__time">{clockTime(event.receivedAt)}</span>
      <span className="event-row__type" title={event.eventType ?? 'no event type'}>
        <span className="event-row__name">{event.eventType ?? <em className="muted">unknown</em>}</span>
        {event.batchSize !== null && (
          <span className="tag" title="Part of a batched delivery">
            {(event.batchIndex ?? 0) + 1}/{event.batchSize}
          </span>
        )}
        {event.duplicate && (
          <span className="tag tag--warning" title="Same X-Idempotency-Key as an earlier delivery (a retry)">
            duplicate
          </span>
        )}
        {!event.json && (
          <span className="tag" title="The body is not JSON; it is shown raw">
            raw
          </span>
        )}
        {event.imported && (
          <span className="tag" title="Imported from an NDJSON file: history, read-only, never forwarded">
            imported
          </span>
        )}
      </span>
      <span className="event-row__mono">{event.phoneNumberId ?? '—'}</span>
      <span className="event-row__customer" title={event.customerId ?? ''}>
        {event.customerName || (event.customerId ? `${event.customerId.slice(0, 8)}…` : '—')}
      </span>
      <span>
        <SignatureBadge state={event.signature} />
      </span>
      <span className="event-list__size">{byteSize(event.size)}</span>
    </div>
  )
}

export function SignatureBadge(props: { state: WebhookEventSummary['signature'] }) {
  return (
    <span className={`sig sig--${props.state}`} title={signatureHelp[props.state]}>
      {signatureLabel[props.state]}
    </span>
  )
}
