export { api, createClient, defaultTransport, ApiError } from './client'
export type { ClientApi, Transport } from './client'
export { httpTransport } from './httpTransport'
export { ipcTransport } from './ipcTransport'
