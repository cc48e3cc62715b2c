/**
 * volunteer-brigade — the community volunteer service brigade (社区志愿者服务大队) as a
 * library: a pure, typed core of rules and the Store port. Storage adapters live in the
 * subpaths `volunteer-brigade/memory`, `/sqlite` and `/postgres`.
 *
 * @module
 */
export * as Category from "./category.js"
export * as Hierarchy from "./hierarchy.js"
export * as Ids from "./ids.js"
export * as Input from "./input.js"
export * as Policy from "./policy.js"
export * as Store from "./store.js"
export * as Text from "./text.js"
export * as Time from "./time.js"
export * as Workflows from "./workflows/index.js"
