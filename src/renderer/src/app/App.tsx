import { useEffect } from 'react'
import { ApiLogsView } from '../features/api-logs/ApiLogsView'
import { ConnectionAlerts } from '../features/connections/ConnectionAlerts'
import { CustomersView } from '../features/customers/CustomersView'
import { PhoneNumbersView } from '../features/phone-numbers/PhoneNumbersView'
import { subscribeToProjectChanges, useActiveProject, useProjects } from '../features/projects/useProjects'
import { SettingsView } from '../features/settings/SettingsView'
import { SetupLinksView } from '../features/setup-links/SetupLinksView'
import { WebhooksView } from '../features/webhooks/WebhooksView'
import { type SectionId, sections, useNavigation } from '../stores/navigation'
import { applyTheme, useTheme } from '../stores/theme'
import { ErrorBoundary } from './ErrorBoundary'
import { Notices } from './Notices'
import { Sidebar } from './Sidebar'

const views: Record<SectionId, () => React.JSX.Element> = {
  customers: CustomersView,
  'setup-links': SetupLinksView,
  webhooks: WebhooksView,
  'phone-numbers': PhoneNumbersView,
  'api-logs': ApiLogsView,
  settings: SettingsView,
}

export function App() {
  const section = useNavigation((s) => s.section)
  const go = useNavigation((s) => s.go)
  const preference = useTheme((s) => s.preference)

  const active = useActiveProject()
  // Until main has said which project is active, no view is shown: mounting one for "no project" and
  // remounting it when the list arrives threw away whatever the person had opened in between (a form).
  const projectsKnown = useProjects((s) => s.list !== null || s.error !== null)

  useEffect(() => applyTheme(preference), [preference])
  useEffect(() => subscribeToProjectChanges(), [])

  useEffect(() => {
    // Ctrl/Cmd+1…6 switch sections from anywhere.
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
      const target = sections.find((s) => s.shortcut === e.key)
      if (target) {
        e.preventDefault()
        go(target.id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [go])

  const View = views[section]
  return (
    <div className="shell">
      <Sidebar />
      {/* The environment colour runs along the top so nobody mistakes production for staging. */}
      <main className={`shell__main env-stripe env-stripe--${active?.environment ?? 'sandbox'}`}>
        {/* Keyed by project too: switching projects remounts every view for the new one. */}
        {projectsKnown ? (
          <ErrorBoundary key={`${section}:${active?.id ?? ''}`} scope={section}>
            <View />
          </ErrorBoundary>
        ) : (
          <p className="muted shell__loading" role="status">
            Opening the active project…
          </p>
        )}
      </main>
      <Notices />
      <ConnectionAlerts />
    </div>
  )
}
