import type { LookupFunction } from 'node:net'
import { AppError } from '../../shared/ipc/errors'
import type { ExportFile, ExportInput } from '../../shared/webhooks/archive'
import type { DeliveryRecordFilter, DeliveryRecordPage } from '../../shared/webhooks/deliveryRecords'
import type { ForwardAttempt } from '../../shared/webhooks/forwarding'
import type { LabReport } from '../../shared/webhooks/lab'
import type { ListenStatus } from '../../shared/webhooks/session'
import type { TriggerInput } from '../../shared/webhooks/trigger'
import type { WatchStatus } from '../../shared/webhooks/watch'
import type { DeliveriesApi } from '../kapso'
import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secretStore'
import { exportEvents, importNdjson } from './archive/archive'
import { deliveryRecords } from './deliveries/deliveryRecords'
import { headerValue } from './delivery'
import type { EventStore } from './eventStore'
import { Forwarder } from './forwarding/forwarder'
import { SecretRing } from './lab/secretRing'
import { type CandidateSecret, labReport } from './lab/verdicts'
import type { WebhookService } from './listenSession'
import { triggerEvent } from './trigger/trigger'
import { DeafWatch } from './watch/deafWatch'

export interface WebhookToolsDeps {
  service: WebhookService
  secrets: SecretStore
  projectId: () => Promise<string>
  /** The shared Platform API client's deliveries, for the active project. */
  deliveries: () => Promise<DeliveriesApi>
  log: Logger
  emitForward(attempt: ForwardAttempt): void
  emitWatch(status: WatchStatus): void
  appVersion?: string
  onImported?(): void
  /** Probe interval of the deaf watch (tests shorten it). */
  watchEveryMs?: number
  /** How forward-target host names resolve; `dns.lookup` by default (tests: there is no DNS here). */
  forwardLookup?: LookupFunction
}

/**
 * The webhook power tools: signature lab, forwarding and replay, trigger, and
 * Kapso's delivery records. They sit beside the listen session and hear of
 * stored deliveries through its one listener hook.
 */
export class WebhookTools {
  readonly ring: SecretRing
  readonly forwarder: Forwarder
  readonly watch: DeafWatch
  private readonly unsubscribe: () => void
  private readonly offResume: () => void

  constructor(private readonly deps: WebhookToolsDeps) {
    this.ring = new SecretRing(deps.secrets, deps.projectId, (secret) => deps.log.redactor.addSecret(secret))
    this.forwarder = new Forwarder({
      events: () => deps.service.events(),
      secrets: this.ring,
      log: deps.log,
      emit: deps.emitForward,
      ...(deps.forwardLookup ? { lookup: deps.forwardLookup } : {}),
    })
    this.unsubscribe = deps.service.onDeliveriesStored((stored) => this.forwarder.onStored(stored))
    this.watch = new DeafWatch({
      session: () => deps.service.watchTarget(),
      restartReceiver: () => deps.service.restartReceiver(),
      tunnelDied: () => deps.service.status().tunnel.state === 'error',
      reconnectTunnel: async () => {
        await deps.service.reconnectTunnel()
      },
      deliveries: deps.deliveries,
      events: () => deps.service.events(),
      log: deps.log,
      emit: deps.emitWatch,
      ...(deps.watchEveryMs ? { everyMs: deps.watchEveryMs } : {}),
    })
    this.watch.start()
    this.offResume = deps.service.onResumed(() => void this.watch.tick())
  }

  events(): Promise<EventStore> {
    return this.deps.service.events()
  }

  async exportEvents(input: ExportInput): Promise<ExportFile> {
    // Reading the saved secrets registers them with the redactor, which masks them in the file too.
    await this.ring.values()
    return exportEvents(await this.events(), input, this.deps.log.redactor, this.deps.appVersion ?? '0')
  }

  /** Imported events are announced like a project switch: the viewer reloads its list. */
  async importNdjson(content: string): Promise<{ deliveries: number; events: number }> {
    const result = importNdjson(await this.events(), content)
    this.deps.onImported?.()
    return result
  }

  async saveSecret(label: string, secret: string) {
    const saved = await this.ring.save(label, secret)
    // Should it ever reach a log line, it is cut out there.
    this.deps.log.redactor.addSecret(secret)
    return saved
  }

  /** Verdicts for one stored event with every candidate secret: the session's and the saved ones. */
  async inspect(eventId: number): Promise<LabReport> {
    const store = await this.events()
    const row = store.db
      .prepare(
        `SELECT d.body, d.headers FROM webhook_events e JOIN webhook_deliveries d ON d.id = e.delivery_id
         WHERE e.id = ?`,
      )
      .get(eventId) as { body: Uint8Array; headers: string } | undefined
    if (!row)
      throw new AppError('not_found', 'That event is no longer stored (cleared or past the retention limit).')
    const headers = JSON.parse(row.headers) as [string, string][]
    const signature = headerValue(
      headers.filter(([n]) => n.toLowerCase() === 'x-webhook-signature').map(([, v]) => v),
    )
    const candidates: CandidateSecret[] = this.deps.service.sessionSecrets().map((secret, i, all) => ({
      label: all.length > 1 ? `Listen session (${i + 1})` : 'Listen session',
      source: 'session' as const,
      secret,
    }))
    for (const s of await this.ring.values())
      candidates.push({ label: s.label, source: 'saved', secret: s.secret })
    return labReport(eventId, Buffer.from(row.body), signature, candidates)
  }

  reconnectTunnel(): Promise<ListenStatus> {
    return this.deps.service.reconnectTunnel()
  }

  /** After adoption the registered URL answers again, so the watch can close the gap at once. */
  async adoptTunnelUrl(): Promise<ListenStatus> {
    const status = await this.deps.service.adoptNewUrl()
    void this.watch.tick()
    return status
  }

  trigger(input: TriggerInput): Promise<ForwardAttempt> {
    return triggerEvent(
      {
        forwarder: this.forwarder,
        secrets: this.ring,
        receiverUrl: () => this.deps.service.sessionReceiverUrl(),
        sessionSecrets: () => this.deps.service.sessionSecrets(),
        projectId: this.deps.projectId,
      },
      input,
    )
  }

  async deliveryRecords(filter: DeliveryRecordFilter, after?: string): Promise<DeliveryRecordPage> {
    return deliveryRecords(await this.deps.deliveries(), await this.events(), filter, after)
  }

  dispose(): void {
    this.watch.stop()
    this.offResume()
    this.unsubscribe()
  }
}
