/**
 * The API report: every entry point's public API as declarations (classes, interfaces, types,
 * functions and their signatures, docs left out), rendered from `deno doc --json` and committed
 * in `api-report/`. `deno task check` fails when the surface changes and the report does not,
 * as a breaking-change check; `deno task api-report` writes it anew.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
type Json = any;

const ROOT = new URL("../", import.meta.url);
const REPORT_DIR = "api-report";

/** The report's file name for an entry of `deno.json`'s `exports`. */
export function reportFile(entry: string): string {
  return `${REPORT_DIR}/${entry === "." ? "client" : entry.replace(/^\.\//, "")}.api.txt`;
}

/** The report of one module, from its `deno doc --json` output. */
export function renderReport(doc: Json, entry: string): string {
  const symbols: Json[] = Object.values(doc.nodes as Record<string, Json>)
    .flatMap((node: Json) => node.symbols ?? []);
  const lines = [
    `// The public API of ${
      entry === "." ? "@airflowkit/client" : `@airflowkit/client/${entry.slice(2)}`
    }.`,
    "// Written by scripts/api_report.ts from `deno doc --json`; do not edit.",
    "",
  ];
  const sorted = [...symbols].sort((a, b) => compare(a.name, b.name));
  for (const symbol of sorted) {
    for (const declaration of symbol.declarations) {
      if (isInternal(declaration.jsDoc)) continue;
      lines.push(...renderDeclaration(symbol.name, declaration), "");
    }
  }
  return lines.join("\n");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isInternal(jsDoc: Json): boolean {
  return (jsDoc?.tags ?? []).some((tag: Json) => tag.kind === "internal");
}

function renderDeclaration(name: string, declaration: Json): string[] {
  const def = declaration.def ?? {};
  switch (declaration.kind) {
    case "class":
      return renderClass(name, def);
    case "interface":
      return renderInterface(name, def);
    case "typeAlias":
      return [`type ${name}${typeParams(def.typeParams)} = ${type(def.tsType)};`];
    case "function":
      return [`function ${name}${signature(def)};`];
    case "variable":
      return [`${def.kind ?? "const"} ${name}: ${type(def.tsType)};`];
    case "enum":
      return [`enum ${name} { ${(def.members ?? []).map((m: Json) => m.name).join(", ")} }`];
    default:
      return [`${declaration.kind} ${name};`];
  }
}

function renderClass(name: string, def: Json): string[] {
  const heritage = [
    def.extends ? ` extends ${def.extends}${typeArgs(def.superTypeParams)}` : "",
    def.implements?.length ? ` implements ${def.implements.map(type).join(", ")}` : "",
  ].join("");
  const members: string[] = [];
  for (const constructor of def.constructors ?? []) {
    if (isInternal(constructor.jsDoc)) continue;
    members.push(`constructor(${params(constructor.params)});`);
  }
  for (const property of def.properties ?? []) {
    if (isInternal(property.jsDoc) || property.accessibility === "private") continue;
    members.push(
      `${property.isStatic ? "static " : ""}${
        property.readonly ? "readonly " : ""
      }${property.name}${property.optional ? "?" : ""}: ${type(property.tsType)};`,
    );
  }
  for (const index of def.indexSignatures ?? []) members.push(indexSignature(index));
  for (const method of def.methods ?? []) {
    if (isInternal(method.jsDoc) || method.accessibility === "private") continue;
    const prefix = `${method.isStatic ? "static " : ""}${
      method.kind === "getter" ? "get " : method.kind === "setter" ? "set " : ""
    }`;
    members.push(
      `${prefix}${method.name}${method.optional ? "?" : ""}${signature(method.functionDef)};`,
    );
  }
  return [
    `${def.isAbstract ? "abstract " : ""}class ${name}${typeParams(def.typeParams)}${heritage} {`,
    ...members.map((member) => `  ${member}`),
    "}",
  ];
}

function renderInterface(name: string, def: Json): string[] {
  const heritage = def.extends?.length ? ` extends ${def.extends.map(type).join(", ")}` : "";
  return [
    `interface ${name}${typeParams(def.typeParams)}${heritage} {`,
    ...objectMembers(def).map((member) => `  ${member}`),
    "}",
  ];
}

function objectMembers(def: Json): string[] {
  return [
    ...(def.callSignatures ?? []).map((call: Json) => `${signature(call)};`),
    ...(def.properties ?? []).map((property: Json) =>
      `${property.readonly ? "readonly " : ""}${propertyName(property)}${
        property.optional ? "?" : ""
      }: ${type(property.tsType)};`
    ),
    ...(def.indexSignatures ?? []).map(indexSignature),
    ...(def.methods ?? []).map((method: Json) =>
      `${propertyName(method)}${method.optional ? "?" : ""}${signature(method)};`
    ),
  ];
}

function propertyName(member: Json): string {
  if (member.computed) return `[${member.name}]`;
  return /^[A-Za-z_$][\w$]*$/.test(member.name) ? member.name : JSON.stringify(member.name);
}

function indexSignature(index: Json): string {
  return `${index.readonly ? "readonly " : ""}[${params(index.params)}]: ${type(index.tsType)};`;
}

function signature(def: Json): string {
  const returns = def.returnType ? `: ${type(def.returnType)}` : "";
  return `${typeParams(def.typeParams)}(${params(def.params)})${returns}`;
}

function typeParams(list: Json[] | undefined): string {
  if (!list?.length) return "";
  return `<${
    list.map((param) =>
      `${param.name}${param.constraint ? ` extends ${type(param.constraint)}` : ""}${
        param.default ? ` = ${type(param.default)}` : ""
      }`
    ).join(", ")
  }>`;
}

function typeArgs(list: Json[] | undefined): string {
  return list?.length ? `<${list.map(type).join(", ")}>` : "";
}

function params(list: Json[] | undefined): string {
  return (list ?? []).map(param).join(", ");
}

function param(p: Json): string {
  switch (p.kind) {
    case "identifier":
      return `${p.name}${p.optional ? "?" : ""}: ${type(p.tsType)}`;
    case "rest":
      return `...${p.arg?.name ?? "args"}: ${type(p.tsType ?? p.arg?.tsType)}`;
    case "assign":
      return param({ ...p.left, optional: true });
    case "object":
      return `{ … }${p.optional ? "?" : ""}: ${type(p.tsType)}`;
    case "array":
      return `[ … ]${p.optional ? "?" : ""}: ${type(p.tsType)}`;
    default:
      return "unknown";
  }
}

/** A type, written out from the JSON form `deno doc` gives it. */
function type(t: Json): string {
  if (!t) return "unknown";
  const value = t.value;
  switch (t.kind) {
    case "keyword":
      return value;
    case "typeRef":
      return `${value.typeName}${typeArgs(value.typeParams)}`;
    case "union":
      return value.map((member: Json) => wrap(member)).join(" | ");
    case "intersection":
      return value.map((member: Json) => wrap(member)).join(" & ");
    case "array":
      return `${wrap(value)}[]`;
    case "tuple":
      return `[${value.map(type).join(", ")}]`;
    case "parenthesized":
      return `(${type(value)})`;
    case "typeOperator":
      return `${value.operator} ${type(value.tsType)}`;
    case "indexedAccess":
      return `${type(value.objType)}[${type(value.indexType)}]`;
    case "literal":
      return literal(value, t.repr);
    case "typeLiteral":
      return `{ ${objectMembers(value).join(" ")} }`;
    case "fnOrConstructor":
      return `${value.constructor ? "new " : ""}${typeParams(value.typeParams)}(${
        params(value.params)
      }) => ${type(value.tsType)}`;
    case "conditional":
      return `${type(value.checkType)} extends ${type(value.extendsType)} ? ${
        type(value.trueType)
      } : ${type(value.falseType)}`;
    case "typeQuery":
      return `typeof ${typeof value === "string" ? value : t.repr}`;
    default:
      return t.repr || "unknown";
  }
}

function literal(value: Json, repr: string): string {
  switch (value.kind) {
    case "string":
      return JSON.stringify(value.string);
    case "number":
      return String(value.number);
    case "boolean":
      return String(value.boolean);
    case "bigInt":
      return `${value.string}n`;
    default:
      return repr;
  }
}

function wrap(t: Json): string {
  const text = type(t);
  return ["union", "intersection", "fnOrConstructor", "conditional"].includes(t?.kind)
    ? `(${text})`
    : text;
}

/** The entries of `deno.json`'s `exports`, and the module each names. */
export async function entries(): Promise<[string, string][]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  return Object.entries(config.exports as Record<string, string>);
}

/** The report of every entry point: file → text. */
export async function reports(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [entry, module] of await entries()) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", module],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
    const doc = JSON.parse(new TextDecoder().decode(output.stdout));
    files.set(reportFile(entry), renderReport(doc, entry));
  }
  return files;
}

if (import.meta.main) {
  const files = await reports();
  if (Deno.args.includes("--check")) {
    const changed: string[] = [];
    for (const [path, text] of files) {
      const committed = await Deno.readTextFile(new URL(path, ROOT)).catch(() => "");
      if (committed !== text) changed.push(path);
    }
    if (changed.length > 0) {
      console.error(
        `the public API changed: ${changed.join(", ")}\n` +
          "if that is meant, run `deno task api-report` and commit the report with the change",
      );
      Deno.exit(1);
    }
    console.log(`the public API matches the report (${files.size} entry points)`);
  } else {
    await Deno.mkdir(new URL(REPORT_DIR, ROOT), { recursive: true });
    for (const [path, text] of files) await Deno.writeTextFile(new URL(path, ROOT), text);
    console.log(`wrote ${[...files.keys()].join(", ")}`);
  }
}
