export function countText(n: number, noun: { one: string; many: string }): string {
  return `${n.toLocaleString('en-AU')} ${n === 1 ? noun.one : noun.many}`;
}

/** A cell's words, cut off with an ellipsis (whole in its tooltip); `detail` follows them, muted, and is cut first. */
export function CellText({ text, detail }: { text: string; detail?: string }) {
  return (
    <span
      className="dt-text"
      onPointerEnter={(e) => {
        // Measured when the pointer arrives: only then is it known to be cut off.
        const el = e.currentTarget;
        el.title = el.scrollWidth > el.clientWidth ? (detail ? `${text} · ${detail}` : text) : '';
      }}
    >
      {text}
      {detail ? <span className="muted"> · {detail}</span> : null}
    </span>
  );
}
