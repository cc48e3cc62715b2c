export * as Time from "./time.js"
export * as Ids from "./ids.js"
export * as Text from "./text.js"
export * as Policy from "./policy.js"
