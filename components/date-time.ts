// Made once: a formatter is costly to build and a long list formats many dates.
const FORMATS = {
  short: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }),
  medium: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" }),
};

/**
 * A moment as the pages show it, in British English order ("3 Mar 2025, 14:05"), in
 * the time zone of wherever it is rendered. `time` says how fine: the article list
 * wants minutes, the activity log seconds.
 */
export function formatDateTime(value: Date, time: keyof typeof FORMATS): string {
  return FORMATS[time].format(value);
}
