/** The training engine: backend choice, compiler, trainer process and its supervisor. */
export { backendPinSchema, initBackend, type BackendInfo, type BackendPin } from './backend'
export { compile, countParams, type CompiledModel, type CompileOptions } from './compile'
export {
  METRICS,
  type RunEpochEvent,
  type RunProgressEvent,
  type RunStatusEvent,
  type SupervisorEvent,
  type SupervisorListener,
} from './events'
export type { TestMetrics, TrainerMessage, TrainJob, ParentMessage } from './messages'
export {
  parseSettings,
  type Hyperparameters,
  type TrainSettings,
} from '../../shared/training/settings'
export { forkTrainer, trainerEntry, type SpawnTrainer, type TrainerChannel } from './spawn'
export {
  createSupervisor,
  EnqueueError,
  Supervisor,
  type EnqueueRequest,
  type SupervisorOptions,
} from './supervisor'
export { Prober, ProbeError, type ProberOptions, type ProbeResult } from './probe'
