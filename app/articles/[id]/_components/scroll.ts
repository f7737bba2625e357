/**
 * Bringing things into view on the annotating page: gliding, unless the
 * person asked their system for less motion.
 */

export function scrollBehavior(): ScrollBehavior {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}

type Box = Pick<DOMRect, "top" | "bottom">;
type Scrollable = { getBoundingClientRect(): Box; scrollBy(options: ScrollToOptions): void };

/**
 * Scroll `container` alone, the least distance that shows `element` (its top
 * when it is taller than the container). Unlike `scrollIntoView`, the page
 * itself does not move: the side panel scrolls while the text stays where the
 * person is reading.
 */
export function revealWithin(container: Scrollable, element: { getBoundingClientRect(): Box }, behavior: ScrollBehavior = scrollBehavior()) {
  const box = container.getBoundingClientRect();
  const rect = element.getBoundingClientRect();
  let delta = 0;
  if (rect.top < box.top) delta = rect.top - box.top;
  else if (rect.bottom > box.bottom) delta = Math.min(rect.bottom - box.bottom, rect.top - box.top);
  if (delta !== 0) container.scrollBy({ top: delta, behavior });
}
