export { ConnectionGate } from './ConnectionGate'
export { StatusBar } from './StatusBar'
export { useSystemInfo, type SystemInfo } from './SystemInfoContext'
export { useConnection, type ConnectionStatus } from './useConnection'
