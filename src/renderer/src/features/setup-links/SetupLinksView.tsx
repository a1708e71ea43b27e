import { Icons } from '../../ui/Icons'

const LinkIcon = Icons['setup-links']

import { EmptyState } from '../../ui/EmptyState'

export function SetupLinksView() {
  return (
    <div className="view">
      <header className="view__header">
        <h1>Setup links</h1>
      </header>
      <div className="view__body">
        <EmptyState icon={<LinkIcon />} title="Setup links are not built yet">
          <p>
            Generate a link for a customer, hand it over as a URL or QR code, and track whether it was used.
          </p>
        </EmptyState>
      </div>
    </div>
  )
}
