import type { ExportFile } from '../../../../../shared/webhooks/archive'
import { downloadBlob } from '../../../ui/downloadBlob'

/** Saves an export the way a browser does (Electron shows its save dialog for it). */
export function downloadExport(file: ExportFile): void {
  downloadBlob(new Blob([file.content], { type: file.mimeType }), file.filename)
}
