/**
 * volunteer-brigade — the community volunteer service brigade (社区志愿者服务大队) as a
 * library: a pure, typed core of rules, the Store port and the workflows that join them.
 * Storage adapters live in the subpaths `volunteer-brigade/memory`, `/sqlite` and
 * `/postgres`; exports in `/csv` and `/xlsx`; the conformance suite in `/testing`.
 *
 * @module volunteer-brigade
 */
export * as Access from "./access.js"
export * as Activity from "./activity.js"
export * as Attendance from "./attendance.js"
export * as Category from "./category.js"
export * as Certificate from "./certificate.js"
export * as Client from "./client.js"
export * as Discipline from "./discipline.js"
export * as Fixtures from "./fixtures.js"
export * as Funds from "./funds.js"
export * as Hierarchy from "./hierarchy.js"
export * as Hours from "./hours.js"
export * as Identity from "./identity.js"
export * as Ids from "./ids.js"
export * as Input from "./input.js"
export * as Leave from "./leave.js"
export * as ManualClock from "./clock.js"
export * as Policy from "./policy.js"
export * as Privacy from "./privacy.js"
export * as Report from "./report.js"
export * as Roster from "./roster.js"
export * as Store from "./store.js"
export * as Supervision from "./supervision.js"
export * as Table from "./table.js"
export * as Text from "./text.js"
export * as Time from "./time.js"
export * as Volunteer from "./volunteer.js"
export * as Workflows from "./workflows/index.js"
