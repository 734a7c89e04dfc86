// The preload exposes the typed API client to the renderer; nothing raw.
export {}
