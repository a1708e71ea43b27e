import { z } from 'zod'

/**
 * A list item the console could not read. The tolerant reader parses list
 * items one by one: a bad item becomes one of these (naming the field and the
 * reason) instead of failing the whole list, and views show it as an
 * "Unreadable record" row.
 */
export const UnreadableRecordSchema = z.object({
  unreadable: z.literal(true),
  /** The item's `id` when it had a usable one. */
  id: z.string().nullable(),
  /** Position in its page, so a view can say where it was. */
  index: z.number().int().min(0),
  /** Field path inside the item, e.g. `provisioned_phone_number.id`; `(item)` when the item is not an object. */
  field: z.string(),
  reason: z.string(),
})
export type UnreadableRecord = z.infer<typeof UnreadableRecordSchema>

/** `a.b[0]` from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(item)'
}

function idOf(raw: unknown): string | null {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined
  if (typeof id === 'string' && id) return id
  if (typeof id === 'number' && Number.isFinite(id)) return String(id)
  return null
}

/** Parses each item on its own; the good ones keep their order, the bad ones are named. */
export function readItems<T>(
  raw: readonly unknown[],
  item: z.ZodType<T>,
): { items: T[]; unreadable: UnreadableRecord[] } {
  const items: T[] = []
  const unreadable: UnreadableRecord[] = []
  raw.forEach((value, index) => {
    const result = item.safeParse(value)
    if (result.success) {
      items.push(result.data)
      return
    }
    const first = result.error.issues[0]
    unreadable.push({
      unreadable: true,
      id: idOf(value),
      index,
      field: first ? pathText(first.path) : '(item)',
      reason: first?.message ?? 'unknown shape',
    })
  })
  return { items, unreadable }
}

/** The words a view shows for one. */
export function unreadableText(r: Pick<UnreadableRecord, 'field' | 'reason'>): string {
  return `Unreadable record — ${r.field}: ${r.reason}`
}
