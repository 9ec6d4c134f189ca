import { useCutTitle } from './data-table/use-cut-title';

/**
 * A list cell's words on up to two lines before they are cut (a job's name beside an open record
 * keeps its words rather than its width); cut after the second line, they are its tooltip.
 */
export function TwoLineText({ text }: { text: string }) {
  const tooltip = useCutTitle(text, cutBelow);
  return (
    <span className="dt-text dt-two-lines" {...tooltip}>
      {text}
    </span>
  );
}

const cutBelow = (el: HTMLElement) => el.scrollHeight > el.clientHeight + 1;
