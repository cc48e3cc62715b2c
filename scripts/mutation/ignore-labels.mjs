// Stryker ignorer: labels and messages are text shown to people, not rule answers. A string
// or template literal counts as text when it holds whitespace or any non-ASCII character
// (identifiers, tags and literal values never do); an object literal counts as a label table
// when every property value is such text (`labelsZh`, `genderLabelsZh`, ...). Mutants inside
// them are reported as Ignored and leave the mutation score; everything else is counted.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin"

const isText = (s) => /[\s\u0080-\uffff]/.test(s)

const isTextNode = (node) => {
  if (node == null) return false
  if (node.type === "StringLiteral") return isText(node.value)
  if (node.type === "TemplateLiteral") return node.quasis.some((q) => isText(q.value.cooked ?? q.value.raw))
  return false
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "labels-and-messages", {
    shouldIgnore(path) {
      const node = path.node
      if (isTextNode(node)) return "label or message text (shown to people, not a rule's answer)"
      if (
        node.type === "ObjectExpression" &&
        node.properties.length > 0 &&
        node.properties.every((p) => p.type === "ObjectProperty" && isTextNode(p.value))
      ) return "label table (every value is text shown to people)"
      return undefined
    }
  })
]
