/**
 * The keys of presentation mode (Presentation.svelte): which slide a key steps to, and which keys are not the slides'
 * to take.
 */

/** How far a key steps through `slides` slides (the ends for Home and End), 'leave' for Escape, null for other keys. */
export function slideMove(key: string, slides: number): number | 'leave' | null {
  const moves: Record<string, number> = { ArrowRight: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, PageUp: -1 };
  if (Object.hasOwn(moves, key)) return moves[key]!;
  if (key === 'Home') return -slides;
  if (key === 'End') return slides;
  if (key === 'Escape') return 'leave';
  return null;
}

/**
 * Whether the arrow key would scroll a box around `target` inside `stage` sideways (a table wider than the slide, as
 * on a projector): the key is the box's until it reaches that end, so that its columns past the edge can be reached
 * from the keyboard.
 */
function scrollsSideways(target: HTMLElement, key: string, stage: HTMLElement | undefined): boolean {
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return false;
  for (let at: HTMLElement | null = target; at && at !== stage; at = at.parentElement) {
    const { overflowX } = getComputedStyle(at);
    if ((overflowX === 'auto' || overflowX === 'scroll') && at.scrollWidth > at.clientWidth + 1)
      return key === 'ArrowRight' ? at.scrollLeft + at.clientWidth < at.scrollWidth - 1 : at.scrollLeft > 0;
  }
  return false;
}

/**
 * Whether a key pressed during a presentation (the dialog `presentation`, its slide shown in `stage`) is the slides'
 * to take.
 */
export function isSlideKey(
  event: KeyboardEvent,
  stage: HTMLElement | undefined,
  presentation: HTMLElement | undefined,
): boolean {
  // Keys a control has used (the table's rows move with arrows, Home and End; the drawer closes on Escape), typed
  // into a field, or pressing a focused button with the space bar are not steps.
  const target = event.target as HTMLElement;
  if (event.defaultPrevented || target.closest('input, textarea, select')) return false;
  if (event.key === ' ' && target.closest('button, a, summary')) return false;
  if (scrollsSideways(target, event.key, stage)) return false;
  // Keys pressed in another dialog over the slide (the customer drawer) are that dialog's: its arrows and page keys
  // scroll it, and the slide behind stays put.
  const dialog = target.closest('[role="dialog"]');
  return !dialog || dialog === presentation;
}
