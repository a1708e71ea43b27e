import { ProjectsPanel } from '../projects/ProjectsPanel'
import { AboutPanel } from './AboutPanel'
import { AppearancePanel } from './AppearancePanel'

export function SettingsView() {
  return (
    <div className="view">
      <header className="view__header">
        <h1>Settings</h1>
      </header>
      <div className="view__body view__body--stack">
        <ProjectsPanel />
        <AboutPanel />
        <AppearancePanel />
      </div>
    </div>
  )
}
