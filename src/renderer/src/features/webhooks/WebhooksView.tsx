import { EmptyState } from '../../ui/EmptyState'
import { Icons } from '../../ui/Icons'

export function WebhooksView() {
  return (
    <div className="view">
      <header className="view__header">
        <h1>Webhooks</h1>
      </header>
      <div className="view__body">
        <EmptyState icon={<Icons.webhooks />} title="The webhook viewer is not built yet">
          <p>Start a listen session to watch, verify and keep every event Kapso sends.</p>
        </EmptyState>
      </div>
    </div>
  )
}
