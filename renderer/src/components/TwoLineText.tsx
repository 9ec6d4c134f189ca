/**
 * A list cell's words on up to two lines before they are cut (a job's name beside an open record
 * keeps its words rather than its width); cut after the second line, they are its tooltip.
 */
export function TwoLineText({ text }: { text: string }) {
  return (
    <span
      className="dt-text dt-two-lines"
      onPointerEnter={(e) => {
        const el = e.currentTarget;
        el.title = el.scrollHeight > el.clientHeight + 1 ? text : '';
      }}
    >
      {text}
    </span>
  );
}
