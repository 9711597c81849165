import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** How close to the end still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 24;
/** Keys that scroll a focused list up; End takes it back to following. */
const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);

const distanceToEnd = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;

/**
 * Keeps a scroll container pinned to its end while the user is there: as a reply streams in, as
 * items are added, as cards measure themselves. Once the user scrolls up, nothing moves under
 * them until they scroll back to the end. `follow()` pins again (the user sent a message).
 *
 * Only the user's own input (wheel, keys, dragging the scroll bar) stops following: scroll events
 * alone cannot tell a user's scroll from the list correcting its estimated heights, which moves the
 * view too. Growth is noticed with a ResizeObserver on the content, whose callbacks run after
 * layout and before paint, so a pinned view never shows a frame scrolled short of the end.
 */
export function useFollowBottom(scrollRef: RefObject<HTMLElement | null>, contentRef: RefObject<HTMLElement | null>) {
  const atBottom = useRef(true);

  const pin = () => {
    const el = scrollRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  };

  useEffect(() => {
    const el = scrollRef.current;
    const content = contentRef.current;
    if (!el || !content) return;
    let dragging = false;
    const onWheel = (e: WheelEvent) => {
      if (e.deltaY < 0) atBottom.current = false;
      // Scrolling down onto the end (items measured on the way may leave it a little short).
      else if (e.deltaY > 0 && distanceToEnd(el) - e.deltaY <= BOTTOM_SLACK_PX) atBottom.current = true;
    };
    const onKey = (e: KeyboardEvent) => {
      if (UP_KEYS.has(e.key)) atBottom.current = false;
      else if (e.key === 'End') atBottom.current = true;
    };
    // A press on the container itself, not on an item, is on its scroll bar.
    const onPointerDown = (e: PointerEvent) => {
      dragging = e.target === el;
    };
    const onPointerUp = () => {
      dragging = false;
    };
    const onScroll = () => {
      if (distanceToEnd(el) <= BOTTOM_SLACK_PX) atBottom.current = true;
      else if (dragging) atBottom.current = false;
    };
    el.addEventListener('wheel', onWheel, { passive: true });
    el.addEventListener('keydown', onKey);
    el.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('pointerup', onPointerUp);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(pin);
    observer.observe(content);
    observer.observe(el);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('pointerup', onPointerUp);
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRef, contentRef]);

  // After every render too: an item added or grown shows in this frame, not the next.
  useLayoutEffect(pin);

  return {
    follow() {
      atBottom.current = true;
      pin();
    },
  };
}
