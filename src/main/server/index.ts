export {
  startServer,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningServer,
  type ServeOptions,
} from './server'
export { contentSecurityPolicy, SECURITY_HEADERS } from './csp'
