import { EmptyState } from '../../ui/EmptyState'
import { Icons } from '../../ui/Icons'

export function CustomersView() {
  return (
    <div className="view">
      <header className="view__header">
        <h1>Customers</h1>
      </header>
      <div className="view__body">
        <EmptyState icon={<Icons.customers />} title="The tenant list is not built yet">
          <p>
            This section will list every customer of the active project, searchable as you type and cached so
            it stays readable offline.
          </p>
        </EmptyState>
      </div>
    </div>
  )
}
