import { useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';

const KEYBOARD_RESIZE_STEP = 10;

/**
 * A column's right edge: drag it, or focus it (ArrowRight from the column's button), press Enter,
 * then ArrowLeft/Right 10 px at a time and Enter (or Escape) to finish. The width is remembered.
 */
export function ColumnResizer(props: {
  label: string;
  minWidth: number;
  header: RefObject<HTMLDivElement | null>;
  onResize(width: number): void;
}) {
  const [resizing, setResizing] = useState(false);
  const [width, setWidth] = useState<number | null>(null);
  const current = () => Math.round(props.header.current?.getBoundingClientRect().width ?? props.minWidth);
  const set = (w: number) => {
    const next = Math.max(props.minWidth, Math.round(w));
    setWidth(next);
    props.onResize(next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setResizing((r) => !r);
      return;
    }
    if (!resizing) return;
    if (e.key === 'Escape' || e.key === 'Tab') {
      setResizing(false);
      if (e.key === 'Escape') e.preventDefault();
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      e.stopPropagation();
      set(current() + (e.key === 'ArrowRight' ? KEYBOARD_RESIZE_STEP : -KEYBOARD_RESIZE_STEP));
    }
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const startX = e.clientX;
    const startWidth = current();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    setResizing(true);
    const onMove = (m: globalThis.PointerEvent) => set(startWidth + m.clientX - startX);
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      handle.removeEventListener('pointercancel', onUp);
      setResizing(false);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
    handle.addEventListener('pointercancel', onUp);
  };
  return (
    <div
      role="slider"
      tabIndex={-1}
      aria-label={props.label}
      aria-orientation="horizontal"
      aria-valuemin={props.minWidth}
      aria-valuemax={2000}
      aria-valuenow={width ?? props.minWidth}
      aria-valuetext={width === null ? undefined : `${width} pixels`}
      className="dt-resizer"
      data-resizing={resizing}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onFocus={() => setWidth(current())}
      onBlur={() => setResizing(false)}
      onClick={(e) => e.stopPropagation()}
    />
  );
}
