// Reads an iCalendar file with Mozilla's ical.js (the parser Thunderbird uses) and prints,
// as JSON, each event's uid, summary, URL, description, reminders (VALARM), whether its start
// is a date, and its occurrences between two years: `node read-calendar.mjs FILE FROM_YEAR
// TO_YEAR`.
// A property ical.js cannot read (a date written as a date-time without VALUE=DATE, say)
// makes it throw: the caller sees a non-zero exit and the message.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, fromYear, toYear] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
const until = ICAL.Time.fromDateString(`${toYear}-12-31`);
const from = ICAL.Time.fromDateString(`${fromYear}-01-01`);
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const occurrences = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(until) <= 0; next = iterator.next()) {
    if (next.compare(from) >= 0) occurrences.push(next.toString());
    if (!event.isRecurring()) break;
  }
  // Each reminder: its trigger and when it goes off for the event's first occurrence.
  const alarms = component.getAllSubcomponents("valarm").map((alarm) => {
    const trigger = alarm.getFirstPropertyValue("trigger");
    const at = event.startDate.clone();
    at.isDate = false;
    at.addDuration(trigger);
    return {
      action: alarm.getFirstPropertyValue("action"),
      description: alarm.getFirstPropertyValue("description"),
      trigger: trigger.toString(),
      at: at.toString(),
    };
  });
  return {
    uid: event.uid,
    summary: event.summary,
    url: component.getFirstPropertyValue("url"),
    description: event.description,
    alarms,
    isDate: event.startDate.isDate,
    start: event.startDate.toString(),
    recurring: event.isRecurring(),
    occurrences,
  };
});
console.log(JSON.stringify(events));
