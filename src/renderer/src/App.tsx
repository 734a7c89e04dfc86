/** The application frame. */
export function App(): React.JSX.Element {
  return (
    <main data-app-state="ready">
      <h1>Blockwise</h1>
    </main>
  )
}
