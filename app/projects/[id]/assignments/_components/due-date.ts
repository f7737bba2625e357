/**
 * Due dates as the desk picks them — a calendar day — and as the server
 * stores them — an instant. A day is due until its end in the site's time
 * zone (the zone every page shows dates in: next-intl's `timeZone`), so
 * "due 15 January" is overdue from 16 January 00:00 there, wherever the
 * person's browser happens to be. Without a configured zone (undefined) the browser's own is used.
 */

/** The last millisecond of `day` (YYYY-MM-DD) in `timeZone`, as an ISO instant (UTC). */
export function endOfDayIn(day: string, timeZone: string | undefined): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const wallClock = Date.UTC(year, month - 1, date, 23, 59, 59, 999);
  // The zone's offset at the wall-clock time read as UTC, then again at the instant found: a DST change that day moves it.
  let instant = wallClock - offsetAt(wallClock, timeZone);
  const corrected = wallClock - offsetAt(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant).toISOString();
}

/** The calendar day (YYYY-MM-DD) an instant falls on in `timeZone`: a date input's value for a stored due date. */
export function dayIn(instant: Date | string, timeZone: string | undefined): string {
  const parts = partsAt(new Date(instant).getTime(), timeZone);
  return `${String(parts.year).padStart(4, "0")}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`;
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string | undefined): number {
  const p = partsAt(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, instant - Math.floor(instant / 1000) * 1000);
  return asUtc - instant;
}

function partsAt(instant: number, timeZone: string | undefined) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(format.formatToParts(instant).find((part) => part.type === type)?.value ?? 0);
  return { year: value("year"), month: value("month"), day: value("day"), hour: value("hour"), minute: value("minute"), second: value("second") };
}
