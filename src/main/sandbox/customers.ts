import type { SandboxContext } from './context'
import { json, noContent, notFound } from './http'
import { randomIds } from './ids'
import { pageResponse } from './pagination'
import type { Router } from './router'
import type { Customer } from './types'
import { createdRange, has, inCreatedRange, optionalString, requiredString, rootObject } from './validation'

/** Reads `external_customer_id`: string or null; an empty string is stored as null. */
function externalId(attrs: Record<string, unknown>): string | null | undefined {
  const value = optionalString(attrs, 'external_customer_id')
  return value === '' ? null : value
}

export function findCustomer(ctx: SandboxContext, id: string): Customer {
  const customer = ctx.store.customers.get(id)
  if (!customer) throw notFound('Customer')
  return customer
}

/** Creates a customer at the sandbox clock's "now" (also used by tests and the seed). */
export function createCustomer(
  ctx: SandboxContext,
  name: string,
  externalCustomerId: string | null,
): Customer {
  const at = ctx.now().toISOString()
  const customer: Customer = {
    id: randomIds.uuid(),
    name,
    external_customer_id: externalCustomerId,
    created_at: at,
    updated_at: at,
  }
  ctx.store.customers.insert(customer)
  return customer
}

export function registerCustomerRoutes(router: Router, ctx: SandboxContext): void {
  router.get('/customers', ({ url, query }) => {
    const nameContains = query.get('name_contains')?.toLowerCase() || null
    const external = query.get('external_customer_id')
    const range = createdRange(query)
    const filtered =
      nameContains !== null || external !== null || range.after !== null || range.before !== null
    const rows = ctx.store.customers.newestFirst(
      filtered
        ? (c) =>
            (nameContains === null || c.name.toLowerCase().includes(nameContains)) &&
            (external === null || c.external_customer_id === external) &&
            inCreatedRange(c.created_at, range)
        : undefined,
    )
    return pageResponse(url, rows)
  })

  router.post('/customers', ({ body }) => {
    const attrs = rootObject(body, 'customer')
    const name = requiredString(attrs, 'name').trim()
    return json(201, { data: createCustomer(ctx, name, externalId(attrs) ?? null) })
  })

  router.get('/customers/:customer_id', ({ params }) =>
    json(200, { data: findCustomer(ctx, params.customer_id!) }),
  )

  router.patch('/customers/:customer_id', ({ params, body }) => {
    const customer = findCustomer(ctx, params.customer_id!)
    const attrs = rootObject(body, 'customer')
    if (has(attrs, 'name')) customer.name = requiredString(attrs, 'name').trim()
    const ext = externalId(attrs)
    if (ext !== undefined) customer.external_customer_id = ext
    customer.updated_at = ctx.now().toISOString()
    return json(200, { data: customer })
  })

  router.delete('/customers/:customer_id', ({ params }) => {
    if (!ctx.store.removeCustomer(params.customer_id!)) throw notFound('Customer')
    return noContent()
  })
}
