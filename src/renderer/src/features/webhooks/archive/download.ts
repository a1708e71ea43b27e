import type { ExportFile } from '../../../../../shared/webhooks/archive'

/** Saves an export the way a browser does (Electron shows its save dialog for it). */
export function downloadExport(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
