import { useRef, useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import { kapso } from '../../../bridge'
import { useWebhookEvents } from '../useWebhookEvents'
import { downloadExport } from './download'

/** Export what the filters show (NDJSON or HAR), and import an NDJSON export as read-only history. */
export function ArchiveActions() {
  const filter = useWebhookEvents((s) => s.filter)
  const total = useWebhookEvents((s) => s.total)
  const input = useRef<HTMLInputElement>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const exportAs = async (format: 'ndjson' | 'har') => {
    setBusy(true)
    const result = await kapso['webhooks.export']({ format, filter })
    setBusy(false)
    if (!result.ok) return setMessage({ ok: false, text: result.error.message })
    downloadExport(result.data)
    setMessage({
      ok: true,
      text: `Exported ${result.data.deliveries.toLocaleString()} deliveries${result.data.truncated ? ' (the first 50 MiB; narrow the filters for the rest)' : ''}.`,
    })
  }
  const importFile = async (file: File) => {
    setBusy(true)
    const result = await kapso['webhooks.import']({ content: await file.text() })
    setBusy(false)
    setMessage(
      result.ok
        ? {
            ok: true,
            text: `Imported ${result.data.events.toLocaleString()} events from ${file.name}, marked “imported”.`,
          }
        : { ok: false, text: (result.error as AppErrorData).message },
    )
  }

  return (
    <>
      <button
        type="button"
        className="button button--small"
        disabled={busy || total === 0}
        onClick={() => void exportAs('ndjson')}
        title="One delivery per line; import it back with Import…"
      >
        Export NDJSON
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={busy || total === 0}
        onClick={() => void exportAs('har')}
      >
        Export HAR
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".ndjson,.jsonl,application/x-ndjson"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void importFile(file)
        }}
      />
      {message && (
        <p
          className={message.ok ? 'archive-message' : 'archive-message listen__error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
          <button
            type="button"
            className="button button--small"
            aria-label="Dismiss"
            onClick={() => setMessage(null)}
          >
            ×
          </button>
        </p>
      )}
    </>
  )
}
