export { compile, countParams, type CompiledModel, type CompileOptions } from './compile'
