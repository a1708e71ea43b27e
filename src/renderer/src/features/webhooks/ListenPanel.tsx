import { useEffect, useState } from 'react'
import type { ListenStatus, TunnelKind } from '../../../../shared/webhooks/session'
import { kapso } from '../../bridge'
import { CopyButton } from '../../ui/CopyButton'
import { ago } from './format'
import { StorageUse } from './StorageUse'
import { useListenSession } from './useListenSession'

const tunnelNames: Record<TunnelKind, string> = {
  direct: 'Direct (this computer only — sandbox)',
  cloudflared: 'Cloudflare quick tunnel (cloudflared)',
  ngrok: 'ngrok',
  'public-url': 'My own public URL',
}

const stateWords: Record<ListenStatus['state'], string> = {
  idle: 'Not listening',
  starting: 'Starting…',
  listening: 'Listening',
  stopping: 'Stopping…',
  error: 'Stopped by an error',
}

/** Start/stop, the tunnel choice, and the session's health at a glance. */
export function ListenPanel() {
  const { status, settings, busy, error, ngrokConfigured } = useListenSession()
  const actions = useListenSession.getState()
  const [, tick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5000)
    return () => clearInterval(timer)
  }, [])

  const listening = status?.state === 'listening'
  const active = listening || status?.state === 'starting' || status?.state === 'stopping'
  const kind = settings?.tunnel.kind ?? 'direct'
  return (
    <section className="listen" aria-labelledby="listen-title" data-testid="listen-panel">
      <div className="listen__main">
        <h2 id="listen-title" className="sr-only">
          Listen session
        </h2>
        <span className={`pill pill--${status?.state ?? 'idle'}`} data-testid="listen-state">
          {stateWords[status?.state ?? 'idle']}
        </span>
        <label className="wh-field wh-field--inline">
          <span>Tunnel</span>
          <select
            value={kind}
            disabled={active || !settings}
            onChange={(e) => {
              const next = e.target.value as TunnelKind
              void actions.updateSettings({ tunnel: { ...settings!.tunnel, kind: next } })
            }}
          >
            {(Object.keys(tunnelNames) as TunnelKind[]).map((k) => (
              <option key={k} value={k}>
                {tunnelNames[k]}
              </option>
            ))}
          </select>
        </label>
        {listening ? (
          <>
            <button
              type="button"
              className="button"
              onClick={() => void actions.stop()}
              disabled={busy !== null}
            >
              {busy === 'stop' ? 'Stopping…' : 'Stop listening'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void actions.sendTest()}
              disabled={busy !== null}
            >
              {busy === 'test' ? 'Sending…' : 'Send test event'}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void actions.start()}
            disabled={busy !== null || !settings}
          >
            {busy === 'start' ? 'Starting…' : 'Start listening'}
          </button>
        )}
      </div>
      {!active && settings && <TunnelOptions kind={kind} ngrokConfigured={ngrokConfigured} />}
      {status && <Health status={status} />}
      {status && status.leftovers.length > 0 && (
        <div className="callout callout--warning" role="alert" data-testid="leftovers">
          <p>
            {status.leftovers.length === 1 ? 'A webhook' : `${status.leftovers.length} webhooks`} from an
            earlier listen session of this computer {status.leftovers.length === 1 ? 'is' : 'are'} still
            registered in Kapso (the console may have quit without stopping):
          </p>
          <ul>
            {status.leftovers.map((w) => (
              <li key={w.id}>
                <code>{w.url}</code> {w.phoneNumberId ? `· number ${w.phoneNumberId}` : '· project'}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button--small"
            onClick={() => void actions.removeLeftovers()}
            disabled={busy !== null}
          >
            {busy === 'cleanup' ? 'Removing…' : 'Remove them from Kapso'}
          </button>
        </div>
      )}
      {(error || status?.error) && (
        <p className="listen__error" role="alert">
          {error?.message ?? status?.error}
        </p>
      )}
    </section>
  )
}

function Health(props: { status: ListenStatus }) {
  const { status } = props
  const dot = (state: string) => (
    <span
      className={`status-dot ${state === 'up' ? 'status-dot--ok' : state === 'error' ? 'status-dot--bad' : 'status-dot--off'}`}
      aria-hidden="true"
    />
  )
  return (
    <dl className="health" data-testid="listen-health">
      <div>
        <dt>Receiver</dt>
        <dd>
          {dot(status.receiver.state)}
          {status.receiver.state === 'up' ? `127.0.0.1:${status.receiver.port}` : 'off'}
          {status.receiver.refused > 0 && (
            <span className="muted" title="Too large, too slow, truncated or malformed requests">
              {' '}
              · {status.receiver.refused} refused
            </span>
          )}
        </dd>
      </div>
      <div>
        <dt>Tunnel</dt>
        <dd>
          {dot(status.tunnel.state)}
          {status.tunnel.publicUrl ? (
            <>
              <code className="health__url">{status.tunnel.publicUrl}</code>
              <CopyButton text={status.tunnel.publicUrl} label="public URL" />
            </>
          ) : (
            (status.tunnel.message ?? status.tunnel.state)
          )}
        </dd>
      </div>
      <div>
        <dt>Last event</dt>
        <dd data-testid="last-event">{ago(status.lastEventAt)}</dd>
      </div>
      <div>
        <dt>Last test</dt>
        <dd title={status.lastTest?.message}>
          {status.lastTest
            ? `${status.lastTest.ok ? 'queued' : 'failed'} ${ago(status.lastTest.at)}`
            : 'none yet'}
        </dd>
      </div>
    </dl>
  )
}

function TunnelOptions(props: { kind: TunnelKind; ngrokConfigured: boolean }) {
  const { settings } = useListenSession()
  const actions = useListenSession.getState()
  const [publicUrl, setPublicUrl] = useState(settings?.tunnel.publicUrl ?? '')
  const [token, setToken] = useState('')
  const [retention, setRetention] = useState(String(settings?.retention ?? 50000))
  const [budgetMb, setBudgetMb] = useState(
    String(Math.round((settings?.retentionBytes ?? 1024 ** 3) / 1024 ** 2)),
  )
  if (!settings) return null
  const saveTunnel = (patch: Record<string, string | undefined>) =>
    void actions.updateSettings({ tunnel: { ...settings.tunnel, ...patch } })
  return (
    <div className="listen__options">
      {props.kind === 'direct' && (
        <p className="muted">
          Kapso must run on this computer (the Sandbox does). Real projects need a tunnel.
        </p>
      )}
      {props.kind === 'cloudflared' && (
        <CloudflaredChooser chosen={settings.tunnel.cloudflaredPath ?? null} />
      )}
      {props.kind === 'public-url' && (
        <label className="wh-field wh-field--inline">
          <span>Public URL</span>
          <input
            value={publicUrl}
            placeholder="https://hooks.example.com"
            onChange={(e) => setPublicUrl(e.target.value)}
            onBlur={() => saveTunnel({ publicUrl: publicUrl.trim() || undefined })}
          />
        </label>
      )}
      {props.kind === 'ngrok' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            void actions.saveNgrokAuthtoken(token)
            setToken('')
          }}
        >
          <label className="wh-field wh-field--inline">
            <span>ngrok authtoken</span>
            <input
              type="password"
              value={token}
              autoComplete="off"
              placeholder={props.ngrokConfigured ? 'saved in the keychain' : 'paste it here'}
              onChange={(e) => setToken(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--small" disabled={!token.trim()}>
            Save to keychain
          </button>
        </form>
      )}
      <label className="wh-field wh-field--inline">
        <span>Keep</span>
        <input
          type="number"
          min={100}
          max={1000000}
          step={100}
          value={retention}
          className="wh-field__number"
          onChange={(e) => setRetention(e.target.value)}
          onBlur={() => {
            const n = Number(retention)
            if (Number.isInteger(n) && n >= 100) void actions.updateSettings({ retention: n })
          }}
        />
        <span>events in this project, and at most</span>
        <input
          type="number"
          min={16}
          max={262144}
          step={16}
          value={budgetMb}
          aria-label="Byte budget in MB"
          className="wh-field__number"
          onChange={(e) => setBudgetMb(e.target.value)}
          onBlur={() => {
            const n = Number(budgetMb)
            if (Number.isInteger(n) && n >= 16 && n <= 262144)
              void actions.updateSettings({ retentionBytes: n * 1024 ** 2 })
          }}
        />
        <span>MB</span>
      </label>
      <StorageUse key={settings.retentionBytes} />
    </div>
  )
}

/**
 * The program main runs as the tunnel is chosen by main: in the app its file dialog opens; the web
 * preview has none, so a typed path is sent and main accepts it only if it answers like cloudflared.
 */
function CloudflaredChooser(props: { chosen: string | null }) {
  const actions = useListenSession.getState()
  const [typed, setTyped] = useState(props.chosen ?? '')
  const dialog = kapso.transport === 'electron'
  return (
    <div className="row">
      <span className="wh-field wh-field--inline">
        <span>cloudflared</span>
        {dialog && <code>{props.chosen ?? 'found on PATH'}</code>}
      </span>
      {dialog ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => void actions.chooseCloudflared({ from: 'dialog' })}
        >
          Choose cloudflared…
        </button>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            if (typed.trim()) void actions.chooseCloudflared({ from: 'typed', path: typed.trim() })
          }}
        >
          <input
            aria-label="cloudflared path"
            value={typed}
            placeholder="found on PATH"
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" className="button button--small" disabled={!typed.trim()}>
            Use this program
          </button>
        </form>
      )}
      {props.chosen && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setTyped('')
            void actions.chooseCloudflared({ from: 'path' })
          }}
        >
          Look on PATH
        </button>
      )}
    </div>
  )
}
