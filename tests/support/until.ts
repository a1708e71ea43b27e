/** Polls `probe` until it gives a value (tests wait on state, never on sleeps); fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const value = await probe()
    if (value) return value
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}
