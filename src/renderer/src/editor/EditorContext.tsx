import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { EditorStoreApi } from './store/createEditorStore'
import type { EditorStore } from './store/types'

export const EditorContext = createContext<EditorStoreApi | null>(null)

/** The editor store of the enclosing editor. */
export function useEditorApi(): EditorStoreApi {
  const api = useContext(EditorContext)
  if (!api) throw new Error('useEditor: no EditorContext above this component')
  return api
}

/** Subscribe to a slice of the editor store; pass a module-scope selector. */
export function useEditor<T>(selector: (s: EditorStore) => T): T {
  return useStore(useEditorApi(), selector)
}
