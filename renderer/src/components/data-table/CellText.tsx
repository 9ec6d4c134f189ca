import { useCutTitle } from './use-cut-title';

export function countText(n: number, noun: { one: string; many: string }): string {
  return `${n.toLocaleString('en-AU')} ${n === 1 ? noun.one : noun.many}`;
}

/** A cell's words, cut off with an ellipsis (whole in its tooltip); `detail` follows them, muted, and is cut first. */
export function CellText({ text, detail }: { text: string; detail?: string }) {
  const tooltip = useCutTitle(detail ? `${text} · ${detail}` : text, cutAcross);
  return (
    <span className="dt-text" {...tooltip}>
      {text}
      {detail ? <span className="muted"> · {detail}</span> : null}
    </span>
  );
}

const cutAcross = (el: HTMLElement) => el.scrollWidth > el.clientWidth;
