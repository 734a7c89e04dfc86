/** A view that a later issue fills in (Train, History). */
export function Placeholder({ title, text }: { title: string; text: string }): React.JSX.Element {
  return (
    <section className="placeholder" data-testid={`placeholder-${title.toLowerCase()}`}>
      <h2>{title}</h2>
      <p>{text}</p>
    </section>
  )
}
