import type { Call, Caller } from './request'

/** Calls an endpoint that answers `{"data": ...}` and returns what is inside. */
export async function callData<T>(call: Caller, spec: Call<{ data: T }>): Promise<T> {
  return (await call(spec)).data
}
