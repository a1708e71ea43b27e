import { useEffect, useState } from 'react'
import type { ConnectedEvent } from '../../../../shared/connections/timeline'
import { kapso } from '../../bridge'
import { useNavigation } from '../../stores/navigation'
import { useCustomers } from '../customers/useCustomers'
import { useWatching } from './useWatching'
import './connections.css'

const sourceLabel = { webhook: 'webhook', redirect: 'redirect', api: 'API check' } as const

export function connectedTitle(e: ConnectedEvent): string {
  return `${e.customerName} connected${e.displayPhoneNumber ? ` ${e.displayPhoneNumber}` : ''}`
}

/** Opens the customer's detail in the Customers view. */
export function openCustomer(customerId: string): void {
  useNavigation.getState().go('customers')
  void useCustomers.getState().open(customerId)
}

/**
 * "Acme Corp connected +1 555…": a desktop notification (where the page may
 * raise one) and a toast in the window, both opening the customer. Also keeps
 * the "watching" marks current for every view.
 */
export function ConnectionAlerts() {
  const [alerts, setAlerts] = useState<Array<ConnectedEvent & { key: number }>>([])

  useEffect(() => {
    let key = 0
    void useWatching.getState().load()
    const offs = [
      kapso.on('connections.changed', () => void useWatching.getState().load()),
      kapso.on('projects.changed', () => void useWatching.getState().load()),
      kapso.on('connections.open', (items) => {
        const last = items.at(-1)
        if (last) openCustomer(last.customerId)
      }),
      kapso.on('connections.connected', (items) => {
        for (const e of items) {
          const k = ++key
          setAlerts((a) => [...a.slice(-2), { ...e, key: k }])
          setTimeout(() => setAlerts((a) => a.filter((x) => x.key !== k)), 15_000)
          raiseDesktopNotification(e)
        }
      }),
    ]
    return () => {
      for (const off of offs) off()
    }
  }, [])

  if (!alerts.length) return null
  return (
    <section className="conn-alerts" aria-label="Connections" aria-live="polite">
      {alerts.map((a) => (
        <div key={a.key} className="conn-alert" role="status" data-testid="connected-alert">
          <span className="conn-alert__mark" aria-hidden="true">
            ✓
          </span>
          <div>
            <strong>{connectedTitle(a)}</strong>
            <p className="muted">
              Seen by {sourceLabel[a.source]} · phone_number_id <code>{a.phoneNumberId}</code>
            </p>
          </div>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              openCustomer(a.customerId)
              setAlerts((list) => list.filter((x) => x.key !== a.key))
            }}
          >
            Open customer
          </button>
          <button
            type="button"
            className="notice__close"
            aria-label="Dismiss"
            onClick={() => setAlerts((list) => list.filter((x) => x.key !== a.key))}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  )
}

function raiseDesktopNotification(e: ConnectedEvent): void {
  if (typeof Notification === 'undefined') return
  const show = () => {
    const n = new Notification(connectedTitle(e), {
      body: `WhatsApp is connected (seen by ${sourceLabel[e.source]}). Click to open the customer.`,
      tag: `connected-${e.customerId}-${e.phoneNumberId}`,
    })
    n.onclick = () => {
      window.focus()
      openCustomer(e.customerId)
      n.close()
    }
  }
  if (Notification.permission === 'granted') show()
  else if (Notification.permission === 'default')
    void Notification.requestPermission().then((p) => {
      if (p === 'granted') show()
    })
}
