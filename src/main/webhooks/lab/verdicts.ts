import { timingSafeEqual } from 'node:crypto'
import type { LabCandidate, LabReport, LabVerdictKind } from '../../../shared/webhooks/lab'
import { decodeUtf8 } from '../delivery'
import { signatureHex, signBody } from '../signature'
import { classifyDifference, differenceExplanations, reserialise } from './reserialise'

export interface CandidateSecret {
  label: string
  source: 'session' | 'saved'
  /** Stays in this module's caller (main); never copied into the report. */
  secret: string
}

const same = (a: string, b: string) => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))

/**
 * The lab's verdicts for one stored delivery body: for each candidate secret,
 * the HMAC a correct sender would put in `X-Webhook-Signature` over the raw
 * bytes and over the re-serialised JSON, and whether the received one matches
 * either. Showing an expected HMAC is safe: it authenticates only this body and
 * does not reveal the secret; the secret itself is never part of the report.
 */
export function labReport(
  eventId: number,
  body: Uint8Array,
  header: string | null,
  candidates: readonly CandidateSecret[],
): LabReport {
  const text = decodeUtf8(body)
  const again = reserialise(text)
  const difference = classifyDifference(again === null ? null : text, again)
  const given = header ? signatureHex(header) : null
  const headerState = header === null || header === '' ? 'missing' : given !== null ? 'present' : 'malformed'
  const results: LabCandidate[] = candidates.map((c) => {
    const expectedRaw = signBody(c.secret, body)
    const expectedReserialised = again === null ? null : signBody(c.secret, again)
    const rawMatch = headerState === 'present' && same(expectedRaw, given!)
    const reserialisedMatch =
      headerState === 'present' && expectedReserialised !== null && same(expectedReserialised, given!)
    const verdict: LabVerdictKind = rawMatch
      ? reserialisedMatch || difference === 'none'
        ? 'raw-and-reserialised'
        : 'raw-only'
      : reserialisedMatch
        ? 'reserialised-only'
        : 'no-match'
    return {
      label: c.label,
      source: c.source,
      expectedRaw,
      expectedReserialised,
      rawMatch,
      reserialisedMatch: reserialisedMatch || (rawMatch && difference === 'none'),
      verdict,
      explanation: explain(verdict, c.label, headerState),
    }
  })
  return {
    eventId,
    received: header === null || header === '' ? null : header,
    headerState,
    difference,
    differenceExplanation: differenceExplanations[difference],
    candidates: results,
    summary: summarise(results, headerState),
  }
}

function explain(verdict: LabVerdictKind, label: string, headerState: LabReport['headerState']): string {
  if (headerState === 'missing')
    return `There is no X-Webhook-Signature header, so “${label}” has nothing to match.`
  if (headerState === 'malformed')
    return 'The X-Webhook-Signature header is not 64 hex characters, so no secret can match it.'
  switch (verdict) {
    case 'raw-and-reserialised':
      return `“${label}” signed these exact bytes, and a receiver that re-serialises the JSON would agree.`
    case 'raw-only':
      return `“${label}” signed these exact bytes; verify the raw body, because a receiver that checks JSON.stringify(body) will reject it.`
    case 'reserialised-only':
      return `“${label}” signed a re-serialised copy of the JSON, not the bytes that were sent, so a receiver verifying the raw body rejects it.`
    case 'no-match':
      return `“${label}” did not sign this body: either it is the wrong secret, or the body was changed after signing.`
  }
}

function summarise(results: LabCandidate[], headerState: LabReport['headerState']): string {
  if (headerState === 'missing') return 'This delivery is unsigned: it carries no X-Webhook-Signature header.'
  if (headerState === 'malformed')
    return 'The signature header is malformed: Kapso sends 64 lower-case hex characters.'
  if (!results.length)
    return 'No secret to check with: start listening, or save the webhook’s secret in the lab.'
  const raw = results.find((r) => r.rawMatch)
  if (raw) return `Valid: “${raw.label}” signed these exact bytes.`
  const re = results.find((r) => r.reserialisedMatch)
  if (re) return `Signed over re-serialised JSON with “${re.label}”, not over the bytes sent.`
  return results.length === 1
    ? 'No match: the body was changed after signing, or it was signed with another secret.'
    : `No match with any of ${results.length} secrets: the body was changed after signing, or none of them is the signing secret.`
}
