import { parseDesignFile, serializeDesign, type Design } from '../../../../shared/graph'

/** The file name a design exports to: "ResNet-50" → "resnet-50.blockwise.json". */
export function designFileName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${slug || 'design'}.blockwise.json`
}

/** Offer the design as a download. */
export function downloadDesign(design: Design): void {
  const blob = new Blob([serializeDesign(design)], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = designFileName(design.name)
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Ask for a `.blockwise.json` file and read it; the error says what is wrong with a bad one. */
export function pickDesignFile(): Promise<
  { ok: true; design: Design; fileName: string } | { ok: false; error: string } | null
> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.json,application/json'
    input.setAttribute('data-testid', 'import-input')
    input.style.display = 'none'
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      input.remove()
      if (!file) return resolve(null)
      void file.text().then(
        (text) => {
          const parsed = parseDesignFile(text)
          resolve(
            parsed.ok
              ? { ok: true, design: parsed.design, fileName: file.name }
              : { ok: false, error: `${file.name}: ${parsed.error}` },
          )
        },
        (e: unknown) =>
          resolve({ ok: false, error: `${file.name}: could not be read (${String(e)})` }),
      )
    })
    input.addEventListener('cancel', () => {
      input.remove()
      resolve(null)
    })
    document.body.append(input)
    input.click()
  })
}
