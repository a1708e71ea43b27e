import { useEffect } from 'react'
import { kapso } from '../../bridge'
import { CopyButton } from '../../ui/CopyButton'
import { ErrorState } from '../../ui/ErrorState'
import { useAbout } from './useAbout'

export function AboutPanel() {
  const { about, error, loading, load } = useAbout()
  useEffect(() => {
    void load()
  }, [load])

  if (error) return <ErrorState error={error} onRetry={() => void load()} />
  if (!about) {
    return (
      <div className="panel" aria-busy="true">
        <div className="skeleton" />
        <div className="skeleton" />
        <div className="skeleton" />
      </div>
    )
  }
  const keychainOk = about.keychain.state === 'available'
  return (
    <section className="panel" aria-labelledby="about-title" data-testid="about">
      <header className="panel__header">
        <h2 id="about-title">About</h2>
        <button type="button" className="button button--small" onClick={() => void load()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="about-version">
          {about.appName} {about.appVersion}
        </dd>
        <dt>Runtime</dt>
        <dd>
          Node {about.runtime.node}
          {about.runtime.electron ? ` · Electron ${about.runtime.electron}` : ' · web preview (no Electron)'}{' '}
          · {about.runtime.platform} · bridge: {kapso.transport}
        </dd>
        <dt>Data folder</dt>
        <dd className="facts__copyable">
          <code data-testid="about-data-dir">{about.dataDir}</code>
          <CopyButton text={about.dataDir} label="data folder" />
        </dd>
        <dt>Active project</dt>
        <dd>
          <span className={`env-badge env-badge--${about.activeProject.environment}`}>
            {about.activeProject.environment}
          </span>{' '}
          <span data-testid="about-project">{about.activeProject.name}</span>
        </dd>
        <dt>Keychain</dt>
        <dd data-testid="about-keychain">
          <span
            className={`status-dot ${keychainOk ? 'status-dot--ok' : 'status-dot--bad'}`}
            aria-hidden="true"
          />
          {about.keychain.backend}: {keychainOk ? 'available' : 'unavailable'}
          {about.keychain.state === 'unavailable' && (
            <p className="callout callout--warning">{about.keychain.reason}</p>
          )}
        </dd>
      </dl>
    </section>
  )
}
