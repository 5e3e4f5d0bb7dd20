/**
 * Alerts from stored state. A crossing (into the penalty threshold, into or out of PA and SA) is
 * decided against what was last announced for the pupil, not against a re-evaluation of the
 * previous school day with today's register: marks that change in the past (an N found to be O
 * after enquiries) move a pupil across on the day they land, and that is alerted that day. A
 * pupil who drops back and crosses again is alerted again; nobody is alerted twice for one
 * crossing. A job run again on the same day rebuilds the same alert (the state before the day's
 * change is kept with it), so its post is updated in place, never repeated.
 */

export interface AnnouncedState<S extends string> {
  readonly state: S;
  /** The state before the change on `changedOn`. */
  readonly previous: S;
  /** The school day (ISO) the state last changed, or was first recorded. */
  readonly changedOn: string;
}

export interface Announcement<S extends string> {
  /** The change to tell staff today, if any: from what was announced before, to now. */
  readonly change?: { readonly from: S; readonly to: S };
  /** What to store, when it differs from what is stored. */
  readonly save?: AnnouncedState<S>;
}

/**
 * A stored state read back as the states one alert knows: a row whose state or previous state is
 * not one of them (written by another version) counts as never announced.
 */
export function storedAs<S extends string>(stored: AnnouncedState<string> | undefined, is: (s: string) => s is S): AnnouncedState<S> | undefined {
  return stored && is(stored.state) && is(stored.previous) ? { state: stored.state, previous: stored.previous, changedOn: stored.changedOn } : undefined;
}

/**
 * What to announce today for one pupil. `stored` is what was last announced (undefined for a
 * pupil never announced: then `before`, the state on the previous school day, stands in for it,
 * so a school's first run does not announce every pupil already over a line).
 */
export function announce<S extends string>(stored: AnnouncedState<S> | undefined, before: () => S, now: S, today: string): Announcement<S> {
  if (stored === undefined) {
    const from = before();
    return { ...(from !== now ? { change: { from, to: now } } : {}), save: { state: now, previous: from, changedOn: today } };
  }
  // changed already today: today's alert is from the state before that change
  const from = stored.changedOn === today ? stored.previous : stored.state;
  const change = from !== now ? { change: { from, to: now } } : {};
  if (stored.state === now) return change;
  return { ...change, save: { state: now, previous: from, changedOn: today } };
}
