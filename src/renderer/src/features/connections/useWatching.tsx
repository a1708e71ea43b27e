import { create } from 'zustand'
import { kapso } from '../../bridge'

/** Customers whose numbers are being polled (their active link was created here), for the list's marks. */
interface WatchingState {
  ids: Set<string>
  /** Customers whose success redirect is being confirmed with the API. */
  confirming: Set<string>
  load(): Promise<void>
}

export const useWatching = create<WatchingState>((set) => ({
  ids: new Set(),
  confirming: new Set(),
  load: async () => {
    const result = await kapso['connections.watching']()
    if (result.ok) set({ ids: new Set(result.data.customerIds), confirming: new Set(result.data.confirming) })
  },
}))

/** On a live setup link: its customer's success redirect is being confirmed with the API. */
export function ConfirmingMark(props: { customerId: string }) {
  const confirming = useWatching((s) => s.confirming.has(props.customerId))
  if (!confirming) return null
  return (
    <span
      className="conn-watching"
      data-testid="link-confirming"
      title="The tenant's browser came back from the signup; the link counts as used once Kapso's API confirms it"
    >
      <span className="conn-watching__dot" aria-hidden="true" />
      redirect received, confirming…
    </span>
  )
}

/** The small mark a watched customer carries in the list and the detail. */
export function WatchingMark(props: { customerId: string }) {
  const watched = useWatching((s) => s.ids.has(props.customerId))
  const confirming = useWatching((s) => s.confirming.has(props.customerId))
  // "Redirect received, confirming": the tenant's browser came back, the API has not said so yet.
  if (confirming)
    return (
      <span
        className="conn-watching"
        data-testid="confirming-mark"
        title="The tenant's browser came back from the signup; the console is confirming it with Kapso's API"
      >
        <span className="conn-watching__dot" aria-hidden="true" />
        confirming…
      </span>
    )
  if (!watched) return null
  return (
    <span
      className="conn-watching"
      data-testid="watching-mark"
      title="Watching: this customer's numbers are checked until the setup link is used"
    >
      <span className="conn-watching__dot" aria-hidden="true" />
      watching
    </span>
  )
}
