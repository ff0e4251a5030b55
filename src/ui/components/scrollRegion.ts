import type { Attachment } from 'svelte/attachments';

/**
 * For a `.table-wrap` (app.css) whose table may be wider than its column, as on a phone: while the table overflows,
 * the wrapper is a named region in the tab order, so a keyboard user can reach it and scroll it with the arrow keys
 * (WCAG 2.1.1; axe's rule "scrollable-region-focusable"), and a screen reader names what it holds. While the table
 * fits, it is neither, so a desktop's Tab does not stop on a box that has nothing to scroll. The visible cue, shadows at
 * an edge with more past it, is app.css's.
 */
export function scrollRegion(label: string): Attachment<HTMLElement> {
  return (element) => {
    const update = () => {
      const overflows =
        element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
      if (overflows) {
        element.tabIndex = 0;
        element.setAttribute('role', 'region');
        element.setAttribute('aria-label', label);
      } else {
        element.removeAttribute('tabindex');
        element.removeAttribute('role');
        element.removeAttribute('aria-label');
      }
    };
    // The wrapper changes size with the page, the table inside with its rows and the language.
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    update();
    return () => observer.disconnect();
  };
}
