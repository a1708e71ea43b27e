import { AppError } from '../../../shared/ipc/errors'
import { EventFilterSchema } from '../../../shared/webhooks/event'
import type { SavedView } from '../../../shared/webhooks/views'
import type { EventStore } from '../eventStore'

/** Named filters and searches, in the project's SQLite, so they survive a restart. */
export function listViews(store: EventStore): SavedView[] {
  const rows = store.db
    .prepare('SELECT name, filter, saved_at FROM webhook_saved_views ORDER BY name')
    .all() as {
    name: string
    filter: string
    saved_at: number
  }[]
  return rows.flatMap((r) => {
    // A view saved by a newer version with filters this one does not know is left out, not shown wrong.
    const filter = EventFilterSchema.safeParse(JSON.parse(r.filter))
    return filter.success
      ? [{ name: r.name, filter: filter.data, savedAt: new Date(r.saved_at).toISOString() }]
      : []
  })
}

export function saveView(store: EventStore, name: string, filter: SavedView['filter']): SavedView[] {
  if (Object.keys(filter).length === 0)
    throw new AppError(
      'validation',
      'Set a filter or a search first; an empty view shows everything already.',
    )
  store.db
    .prepare(
      'INSERT INTO webhook_saved_views (name, filter, saved_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET filter = excluded.filter, saved_at = excluded.saved_at',
    )
    .run(name, JSON.stringify(filter), Date.now())
  return listViews(store)
}

export function removeView(store: EventStore, name: string): SavedView[] {
  store.db.prepare('DELETE FROM webhook_saved_views WHERE name = ?').run(name)
  return listViews(store)
}
