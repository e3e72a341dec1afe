/**
 * Compiles run-time schemas into plain TypeScript checks, ahead of time: each schema becomes a
 * function that answers whether a value matches it, as TypeBox's `Check` would, without
 * building code at run time. Objects and arrays get functions of their own; everything else is
 * an inline expression. Components are called by name, so a check carries only what it uses.
 *
 * It knows the keywords the generator writes and refuses any other, so a schema can never be
 * checked less strictly than it says.
 *
 * @module
 */
import { ComponentRef, isEmpty, type SchemaNode } from "./emit_schema.ts";

type Keywords = Record<string, unknown>;

const KNOWN = new Set([
  "type",
  "const",
  "anyOf",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "additionalItems",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
]);

/**
 * The helper that tests each JSON type, with its source, and the one that also takes `null`.
 * Checks call them instead of repeating the test, which keeps the generated code small; each is
 * small enough for the engine to inline.
 */
const TYPE_HELPERS: Record<string, { name: string; test: (v: string) => string }> = {
  string: { name: "isString", test: (v) => `typeof ${v} === "string"` },
  number: { name: "isNumber", test: (v) => `Number.isFinite(${v})` },
  integer: { name: "isInteger", test: (v) => `Number.isInteger(${v})` },
  boolean: { name: "isBoolean", test: (v) => `typeof ${v} === "boolean"` },
  object: {
    name: "isObject",
    test: (v) => `typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v})`,
  },
  array: { name: "isArray", test: (v) => `Array.isArray(${v})` },
};

const BOUNDS: [string, string][] = [
  ["minimum", ">="],
  ["maximum", "<="],
  ["exclusiveMinimum", ">"],
  ["exclusiveMaximum", "<"],
];

/** Compiles schema nodes into check functions, sharing one function per distinct node. */
export class CheckCompiler {
  readonly #components: ReadonlyMap<string, SchemaNode>;
  readonly #functions: string[] = [];
  readonly #named = new Map<string, string>();
  readonly #helpers = new Set<string>();
  #usesCodePoints = false;

  /** @param components The component schemas, which checks call by their names. */
  constructor(components: ReadonlyMap<string, SchemaNode>) {
    this.#components = components;
  }

  /** The helpers and local functions the checks compiled so far use, as source. */
  localFunctions(): string[] {
    const helpers: string[] = [];
    for (const [type, { name, test }] of Object.entries(TYPE_HELPERS)) {
      if (this.#helpers.has(name)) {
        helpers.push(`function ${name}(v: any): boolean {`, `  return ${test("v")};`, "}", "");
      }
      if (this.#helpers.has(`${name}OrNull`)) {
        helpers.push(
          `function ${name}OrNull(v: any): boolean {`,
          `  return v === null || ${TYPE_HELPERS[type].test("v")};`,
          "}",
          "",
        );
      }
    }
    if (this.#usesCodePoints) {
      helpers.push(
        "/** The length of a string in code points, as JSON Schema counts it. */",
        "function codePoints(text: string): number {",
        "  let count = 0;",
        "  for (const _ of text) count++;",
        "  return count;",
        "}",
        "",
      );
    }
    return [...helpers, ...this.#functions];
  }

  /** The body of a function `(v) => boolean` that checks `node`. */
  functionBody(node: SchemaNode): string[] {
    if (node instanceof ComponentRef) return [`return ${node.name}(v);`];
    const keywords = this.#keywords(node);
    if (keywords.properties || keywords.required || keywords.additionalProperties !== undefined) {
      return this.#objectBody(keywords);
    }
    if (
      keywords.items !== undefined || keywords.minItems !== undefined ||
      keywords.maxItems !== undefined
    ) {
      return this.#arrayBody(keywords);
    }
    return [`return ${this.expression(node, "v")};`];
  }

  /** A boolean expression that is true when the value in the variable `v` matches `node`. */
  expression(node: SchemaNode, v: string): string {
    if (node instanceof ComponentRef) return `${node.name}(${v})`;
    if (isEmpty(node)) return "true";
    const keywords = this.#keywords(node);
    const structured = keywords.properties || keywords.required ||
      keywords.additionalProperties !== undefined || keywords.items !== undefined ||
      keywords.minItems !== undefined || keywords.maxItems !== undefined;
    if (structured) return `${this.#localFunction(node)}(${v})`;
    const nullable = this.#nullableType(keywords);
    if (nullable) return `${this.#helper(`${TYPE_HELPERS[nullable].name}OrNull`)}(${v})`;
    const tests: string[] = [];
    if (keywords.type !== undefined) tests.push(this.#typeTest(keywords.type, v));
    if ("const" in keywords) tests.push(`${v} === ${JSON.stringify(keywords.const)}`);
    if (keywords.anyOf) {
      const members = (keywords.anyOf as SchemaNode[]).map((member) => this.expression(member, v));
      tests.push(members.includes("true") ? "true" : `(${members.join(" || ")})`);
    }
    tests.push(...this.#lengthTests(keywords, v), ...boundTests(keywords, v));
    const kept = tests.filter((test) => test !== "true");
    return kept.length === 0 ? "true" : kept.join(" && ");
  }

  /** Whether the value `undefined` matches `node`: an absent property then passes its check. */
  acceptsUndefined(node: SchemaNode): boolean {
    if (node instanceof ComponentRef) {
      return this.acceptsUndefined(this.#components.get(node.name)!);
    }
    if (isEmpty(node)) return true;
    const keywords = node as Keywords;
    if (keywords.type !== undefined || "const" in keywords) return false;
    if (keywords.anyOf) {
      return (keywords.anyOf as SchemaNode[]).some((member) => this.acceptsUndefined(member));
    }
    return true;
  }

  /** `T` when `keywords` is `anyOf: [{ type: T }, { type: "null" }]`, in either order. */
  #nullableType(keywords: Keywords): string | undefined {
    const members = keywords.anyOf as SchemaNode[] | undefined;
    if (!members || members.length !== 2 || Object.keys(keywords).length !== 1) return undefined;
    const single = members.map((member) =>
      member instanceof ComponentRef || Object.keys(member).length !== 1
        ? undefined
        : (member as Keywords).type
    );
    const other = single.find((type) => type !== "null");
    if (!single.includes("null") || typeof other !== "string" || !TYPE_HELPERS[other]) {
      return undefined;
    }
    return other;
  }

  #helper(name: string): string {
    this.#helpers.add(name);
    return name;
  }

  #typeTest(type: unknown, v: string): string {
    const types = Array.isArray(type) ? type : [type];
    const tests = types.map((name) => {
      if (name === "null") return `${v} === null`;
      const helper = TYPE_HELPERS[name as string];
      if (!helper) throw new Error(`no check for type ${JSON.stringify(name)}`);
      return `${this.#helper(helper.name)}(${v})`;
    });
    return tests.length === 1 ? tests[0] : `(${tests.join(" || ")})`;
  }

  #keywords(node: SchemaNode): Keywords {
    const keywords = node as Keywords;
    const unknown = Object.keys(keywords).filter((key) => !KNOWN.has(key));
    if (unknown.length > 0) throw new Error(`no check for keywords ${unknown.join(", ")}`);
    if (keywords.additionalItems !== undefined && keywords.additionalItems !== false) {
      throw new Error("no check for additionalItems other than false");
    }
    return keywords;
  }

  /** The name of a local function that checks `node`, compiled on first use. */
  #localFunction(node: SchemaNode): string {
    const key = JSON.stringify(
      node,
      (_, value) => value instanceof ComponentRef ? { $ref: value.name } : value,
    );
    let name = this.#named.get(key);
    if (!name) {
      name = `check${this.#named.size + 1}`;
      this.#named.set(key, name);
      const body = this.functionBody(node);
      this.#functions.push(
        `function ${name}(${parameter(body)}: any): boolean {`,
        ...body.map((line) => `  ${line}`),
        "}",
        "",
      );
    }
    return name;
  }

  #objectBody(keywords: Keywords): string[] {
    const lines = [
      keywords.type === undefined
        ? `if (!${this.#helper("isObject")}(v)) return true;`
        : `if (!${this.#typeTest(keywords.type, "v")}) return false;`,
    ];
    const properties = Object.entries((keywords.properties ?? {}) as Record<string, SchemaNode>);
    const required = new Set((keywords.required ?? []) as string[]);
    for (const key of required) {
      const schema = properties.find(([name]) => name === key)?.[1];
      if (!schema || this.acceptsUndefined(schema)) {
        lines.push(`if (!(${JSON.stringify(key)} in v)) return false;`);
      }
    }
    if (properties.length > 0) lines.push("let x;");
    for (const [key, schema] of properties) {
      const test = this.expression(schema, "x");
      if (test === "true") continue;
      const read = `x = v${IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`};`;
      lines.push(
        required.has(key)
          ? `${read} if (!(${test})) return false;`
          : `${read} if (x !== undefined && !(${test})) return false;`,
      );
    }
    const extra = keywords.additionalProperties as SchemaNode | boolean | undefined;
    if (extra !== undefined && extra !== true && !(typeof extra === "object" && isEmpty(extra))) {
      const named = properties.map(([key]) => `k === ${JSON.stringify(key)}`);
      const test = extra === false ? "false" : this.expression(extra, "v[k]");
      lines.push(
        "for (const k of Object.getOwnPropertyNames(v)) {",
        named.length > 0
          ? `  if (!(${named.join(" || ")}) && !(${test})) return false;`
          : `  if (!(${test})) return false;`,
        "}",
      );
    }
    lines.push("return true;");
    return lines;
  }

  #arrayBody(keywords: Keywords): string[] {
    const lines = [
      keywords.type === undefined
        ? `if (!Array.isArray(v)) return true;`
        : `if (!${this.#typeTest(keywords.type, "v")}) return false;`,
    ];
    if (keywords.minItems !== undefined) {
      lines.push(`if (v.length < ${keywords.minItems}) return false;`);
    }
    if (keywords.maxItems !== undefined) {
      lines.push(`if (v.length > ${keywords.maxItems}) return false;`);
    }
    const items = keywords.items as SchemaNode | SchemaNode[] | undefined;
    if (Array.isArray(items)) {
      if (keywords.additionalItems === false) {
        lines.push(`if (v.length > ${items.length}) return false;`);
      }
      items.forEach((item, index) => {
        const test = this.expression(item, `v[${index}]`);
        if (test !== "true") lines.push(`if (v.length > ${index} && !(${test})) return false;`);
      });
    } else if (items !== undefined) {
      const test = this.expression(items, "v[i]");
      if (test !== "true") {
        lines.push(`for (let i = 0; i < v.length; i++) if (!(${test})) return false;`);
      }
    }
    lines.push("return true;");
    return lines;
  }

  #lengthTests(keywords: Keywords, v: string): string[] {
    const { minLength, maxLength } = keywords as { minLength?: number; maxLength?: number };
    if (minLength === undefined && maxLength === undefined) return [];
    this.#usesCodePoints = true;
    const limits = [
      ...(minLength === undefined ? [] : [`codePoints(${v}) >= ${minLength}`]),
      ...(maxLength === undefined ? [] : [`codePoints(${v}) <= ${maxLength}`]),
    ];
    return [`(typeof ${v} !== "string" || (${limits.join(" && ")}))`];
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The parameter of a check with `body`: `v`, or `_v` when the body does not read it. */
export function parameter(body: string[]): string {
  return body.some((line) => /\bv\b/.test(line)) ? "v" : "_v";
}

function boundTests(keywords: Keywords, v: string): string[] {
  const tests = BOUNDS.filter(([key]) => typeof keywords[key] === "number")
    .map(([key, operator]) => `${v} ${operator} ${keywords[key]}`);
  if (tests.length === 0) return [];
  return [`(typeof ${v} !== "number" || (${tests.join(" && ")}))`];
}
