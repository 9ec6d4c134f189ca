/**
 * Issue 20, point 9: which keys step the open record (components/record-steps.ts stepOf) and where
 * they are left to what the person is typing in or to a control that owns them. Real DOM elements
 * (jsdom) as the event targets, real KeyboardEvents.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stepOf } from '../../renderer/src/components/record-steps';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The step a key pressed in `html`'s element marked data-target (or the page) asks for. */
function stepIn(html: string, key: string, modifiers: KeyboardEventInit = {}): 1 | -1 | null {
  document.body.innerHTML = html;
  const target = document.querySelector<HTMLElement>('[data-target]') ?? document.body;
  let step: 1 | -1 | null = null;
  target.addEventListener('keydown', (event) => (step = stepOf(event)), { once: true });
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...modifiers }));
  return step;
}

describe('j and k', () => {
  it('step forward and back from the page, a button, the panel and a row of the list', () => {
    expect(stepIn('', 'j')).toBe(1);
    expect(stepIn('', 'k')).toBe(-1);
    expect(stepIn('<button data-target>Close</button>', 'j')).toBe(1);
    expect(stepIn('<aside tabindex="-1" data-target></aside>', 'k')).toBe(-1);
    expect(stepIn('<div role="grid"><div role="row" tabindex="0" data-target></div></div>', 'j')).toBe(1);
  });

  it('are letters in a field: a search box, a note, a select, a text box of ARIA', () => {
    expect(stepIn('<input type="search" data-target>', 'j')).toBeNull();
    expect(stepIn('<textarea data-target></textarea>', 'j')).toBeNull();
    expect(stepIn('<select data-target><option>A</option></select>', 'k')).toBeNull();
    expect(stepIn('<div role="textbox" tabindex="0" data-target></div>', 'j')).toBeNull();
  });

  it("are a pick list's own type-ahead while it is open", () => {
    expect(stepIn('<div role="listbox"><div role="option" tabindex="0" data-target>Job</div></div>', 'j')).toBeNull();
    expect(stepIn('<div role="menu"><div role="menuitem" tabindex="0" data-target>Keep</div></div>', 'k')).toBeNull();
  });

  it('with Ctrl, Cmd or Shift are something else', () => {
    expect(stepIn('', 'j', { ctrlKey: true })).toBeNull();
    expect(stepIn('', 'j', { metaKey: true })).toBeNull();
    expect(stepIn('', 'J', { shiftKey: true })).toBeNull();
  });
});

describe('Alt+ArrowDown and Alt+ArrowUp', () => {
  it('step from the page and from a text field that has no use for them', () => {
    expect(stepIn('', 'ArrowDown', { altKey: true })).toBe(1);
    expect(stepIn('', 'ArrowUp', { altKey: true })).toBe(-1);
    expect(stepIn('<input type="search" data-target>', 'ArrowDown', { altKey: true })).toBe(1);
    expect(stepIn('<input data-target>', 'ArrowUp', { altKey: true })).toBe(-1);
  });

  it('are left to the controls that open or change with them', () => {
    for (const html of [
      '<select data-target><option>A</option></select>',
      '<textarea data-target></textarea>',
      '<input list="statuses" data-target><datalist id="statuses"></datalist>',
      '<input type="date" data-target>',
      '<input type="number" data-target>',
      '<div role="spinbutton" tabindex="0" data-target></div>',
      '<input role="combobox" data-target>',
      '<button aria-haspopup="listbox" data-target>Choose a status</button>',
    ])
      expect(stepIn(html, 'ArrowDown', { altKey: true }), html).toBeNull();
  });

  it("plain arrows stay the list's and the page's", () => {
    expect(stepIn('', 'ArrowDown')).toBeNull();
    expect(stepIn('', 'ArrowUp', { altKey: true, shiftKey: true })).toBeNull();
  });
});
