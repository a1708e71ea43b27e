import { z } from 'zod'
import { text } from '../text'

/**
 * What the signature lab says about one candidate secret. The secret itself
 * never leaves the main process: only its label and HMACs of the stored body.
 * - raw-and-reserialised: the raw bytes match, and so would JSON.stringify(body).
 * - raw-only: the raw bytes match; a receiver that re-serialises the parsed body would fail.
 * - reserialised-only: the sender signed a re-serialised object, not the bytes it sent.
 * - no-match: this secret did not sign this body.
 */
export const LabVerdictKindSchema = z.enum([
  'raw-and-reserialised',
  'raw-only',
  'reserialised-only',
  'no-match',
])
export type LabVerdictKind = z.infer<typeof LabVerdictKindSchema>

/** Why JSON.stringify(JSON.parse(raw)) gives different bytes than were received. */
export const ReserialiseDifferenceSchema = z.enum([
  'none',
  'spacing',
  'unicode-escapes',
  'key-order',
  'other',
  'not-json',
])
export type ReserialiseDifference = z.infer<typeof ReserialiseDifferenceSchema>

export const LabCandidateSchema = z.object({
  /** "Listen session" for the running session's secret, else the label it was saved under. */
  label: z.string(),
  source: z.enum(['session', 'saved']),
  /** HMAC-SHA256 hex of the raw body with this secret: what a correct sender puts in the header. */
  expectedRaw: z.string(),
  /** The same over JSON.stringify(JSON.parse(body)); null when the body is not JSON. */
  expectedReserialised: z.string().nullable(),
  rawMatch: z.boolean(),
  reserialisedMatch: z.boolean(),
  verdict: LabVerdictKindSchema,
  /** One sentence for a person. */
  explanation: z.string(),
})
export type LabCandidate = z.infer<typeof LabCandidateSchema>

export const LabReportSchema = z.object({
  eventId: z.number().int(),
  /** The X-Webhook-Signature header as received; null when absent. */
  received: z.string().nullable(),
  headerState: z.enum(['present', 'missing', 'malformed']),
  difference: ReserialiseDifferenceSchema,
  /** One sentence on raw vs re-serialised bytes for this body, whatever the secret. */
  differenceExplanation: z.string(),
  candidates: z.array(LabCandidateSchema),
  /** The overall answer in one sentence. */
  summary: z.string(),
})
export type LabReport = z.infer<typeof LabReportSchema>

/** A saved candidate secret as the renderer sees it: a name, never the value. */
export const SavedSecretSchema = z.object({ id: z.string(), label: z.string() })
export type SavedSecret = z.infer<typeof SavedSecretSchema>

export const SaveSecretInputSchema = z
  .object({
    label: text({
      min: 1,
      max: 60,
      trim: true,
      tooShort: 'Give the secret a name, e.g. "tenant prod (old)".',
    }),
    secret: text({ min: 1, max: 500, tooShort: 'Paste the webhook secret.' }),
  })
  .strict()
