// Stryker ignorer: labels and messages are text shown to people, not rule answers. A string
// or template literal counts as text when it holds whitespace or any non-ASCII character
// (identifiers, tags and literal values never do); an object literal counts as a label table
// when every property value is such text or such a table (`labelsZh`, `genderLabelsZh`, ...). Mutants inside
// them, and the name given to `Schema.brand(...)` (an annotation decoding never reads), are
// reported as Ignored and leave the mutation score; everything else is counted.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin"

const isText = (s) => /[\s\u0080-\uffff]/.test(s)

const isTextNode = (node) => {
  if (node == null) return false
  if (node.type === "StringLiteral") return isText(node.value)
  if (node.type === "TemplateLiteral") return node.quasis.some((q) => isText(q.value.cooked ?? q.value.raw))
  return false
}

// An object literal whose values are all text, or label tables themselves (`{ status: {...} }`).
const isLabelTable = (node) =>
  node?.type === "ObjectExpression" &&
  node.properties.length > 0 &&
  node.properties.every((p) => p.type === "ObjectProperty" && (isTextNode(p.value) || isLabelTable(p.value)))

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "labels-and-messages", {
    shouldIgnore(path) {
      const node = path.node
      if (isTextNode(node)) return "label or message text (shown to people, not a rule's answer)"
      const parent = path.parent
      if (
        node.type === "StringLiteral" &&
        parent?.type === "CallExpression" &&
        parent.arguments[0] === node &&
        ((parent.callee.type === "MemberExpression" && parent.callee.property.name === "brand") ||
          (parent.callee.type === "Identifier" && parent.callee.name === "brand"))
      ) return "brand name (an identifier annotation; decoding does not read it)"
      if (isLabelTable(node)) return "label table (every value is text shown to people)"
      return undefined
    }
  })
]
